import Link from "next/link";

/** What a member sees for a page, conversation or setting that does not exist for them. */
export default function ConsoleNotFound() {
  return (
    <section aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Not found</h1>
      <p>This page does not exist, or you do not have access to it.</p>
      <p>
        <Link href="/console">Back to the inbox</Link>
      </p>
    </section>
  );
}
