"""Waymark's domain: dataclasses and rules. No Qt, no SQL, nothing else of ours."""
