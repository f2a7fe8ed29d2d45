"""The hub's tables (SQLAlchemy Core). Only routing data and ciphertext: never event content.

The migrations in `migrations/versions` create these; keep the two in step.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: key/value settings: "epoch" (random id, new after a restore), "epoch_started_at".
hub_meta = Table(
    "hub_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

orgs = Table(
    "orgs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", Text, nullable=False),
    Column("public_key", LargeBinary, nullable=True),  # X25519, set at registration
    Column("token_hash", String(64), nullable=True, unique=True),  # cleared when used
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=True),
    # The per-organisation sequence counter: updated in the pushing transaction, which holds
    # its row lock until commit, so numbers are gap-free and become visible in order.
    Column("last_seq", BigInteger, nullable=False, default=0),
)

devices = Table(
    "devices",
    metadata,
    Column("org_id", String(36), ForeignKey("orgs.id"), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("public_key", LargeBinary, nullable=False, unique=True),  # Ed25519
    Column("role", String(8), nullable=False),  # "lead" | "field"
    Column("status", String(8), nullable=False),  # "active" | "revoked"
    Column("invitation_id", String(36), nullable=True),
    Column("invited_by", String(36), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    PrimaryKeyConstraint("org_id", "device_id"),
)

used_invitations = Table(
    "used_invitations",
    metadata,
    Column("org_id", String(36), ForeignKey("orgs.id"), nullable=False),
    Column("invitation_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("org_id", "invitation_id"),
)

envelopes = Table(
    "envelopes",
    metadata,
    Column("org_id", String(36), ForeignKey("orgs.id"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("body", LargeBinary, nullable=False),  # the envelope bytes: ciphertext + routing
    PrimaryKeyConstraint("org_id", "seq"),
    UniqueConstraint("org_id", "event_id", name="uq_envelopes_org_event"),
)

#: Nonces of signed requests seen within the time window (replay refusal).
request_nonces = Table(
    "request_nonces",
    metadata,
    Column("org_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("nonce", String(32), nullable=False),
    Column("seen_at", BigInteger, nullable=False),  # Unix seconds
    PrimaryKeyConstraint("org_id", "device_id", "nonce"),
    Index("ix_request_nonces_seen_at", "seen_at"),
)
