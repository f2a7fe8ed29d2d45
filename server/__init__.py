"""The Waymark sync hub: stores encrypted envelopes and routing data, never plaintext."""
