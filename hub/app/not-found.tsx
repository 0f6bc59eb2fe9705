import "./auth-pages.css";

/**
 * The hub's 404 page (Next's built-in one uses inline styles, which the page CSP refuses). It
 * also answers /setup once the hub is set up.
 */
export default function NotFound() {
  return (
    <main className="auth-page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href="/">Go to Tawkster</a>.
      </p>
    </main>
  );
}
