"""The web workspace's server: the single-page app's files, sign-in with a session cookie, the REST
API under ``/v2`` with that cookie as credentials, and the registry's read API, on a port of its own."""
