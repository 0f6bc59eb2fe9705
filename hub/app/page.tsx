export default function HomePage() {
  return (
    <main>
      <h1>Tawkster hub is running</h1>
      <p>
        The agent console arrives with the hub issue. Check the service at{" "}
        <a href="/api/health">/api/health</a>.
      </p>
    </main>
  );
}
