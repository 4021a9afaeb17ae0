/** The page a browser gets when it opens browser mode without being signed in (e.g. a bookmark after a restart). */

/** A plain page telling the person how to sign in again (served with 401). */
export function signInPage(): string {
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shoebox — sign in</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
  code { background: #f2f2f2; padding: 0.1rem 0.3rem; border-radius: 3px; }
</style>
<h1>This Shoebox page needs its sign-in link</h1>
<p>Shoebox in the browser only answers a browser that opened the link it printed when it started. This browser has
no valid sign-in for this address: the server was restarted with a new sign-in token, or this browser never opened
the link.</p>
<p>To sign in, open the link that <code>shoebox serve</code> printed in its terminal. It looks like
<code>http://127.0.0.1:PORT/?token=…</code>. After that, this address (and bookmarks of it) work again.</p>
<p>The sign-in token is kept in the library folder, so it stays the same across restarts until someone runs
<code>shoebox serve --new-token</code>.</p>
</html>
`;
}
