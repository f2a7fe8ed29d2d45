"""Sync protocol: envelopes, invitations, request signing and the hub client.

Everything here is pure protocol and cryptography: nothing touches the vault. The outbox, the
background worker and bundle files build on these modules.

- `envelope`: seal one event for the organisation, verify (hub side), open (lead side).
- `invitation`: lead-signed invitations that let a device join while the lead is offline.
- `signing`: the signed-request headers every hub call after registration carries.
- `hubclient`: a typed, synchronous HTTP client for the hub.
- `codec`: strict base64, canonical JSON and key encodings shared by the above.
"""
