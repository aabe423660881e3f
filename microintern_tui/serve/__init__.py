"""``microintern serve``: the app in a browser for a team on one host, behind a sign-in.

Above the app: it runs the app as a separate process per browser tab (through
textual-serve) and never imports it; nothing below imports this package (import-linter).

- :mod:`.users` — the users file: names and salted scrypt hashes of tokens, mode 0600;
- :mod:`.sessions` and :mod:`.throttle` — signed-in sessions, and limits on failed sign-ins;
- :mod:`.server` — textual-serve's server with our routes, pages and checks;
- :mod:`.app_process` — one tab's app process, as the supervisor who signed in;
- :mod:`.logs` — a log without tracebacks or local variables.
"""
