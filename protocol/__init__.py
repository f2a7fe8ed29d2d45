"""The wire protocol shared by the app and the hub: canonical encoding, envelopes, request
signing, invitations. Imports neither `desktop` nor `server`, and nothing beyond `cryptography`
and the standard library, so the hub installs without the desktop stack."""
