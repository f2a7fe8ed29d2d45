"""Restore from backup: the operator's new epoch, what clients see and how they re-offer."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hubkit import Hub, Org

from desktop.domain.events import uuid7
from desktop.sync.hubclient import Unauthorized
from server.__main__ import main as hub_main


def _backup(hub: Hub) -> None:
    hub.engine.dispose()  # a quiet database: the copy is consistent
    hub.backend.snapshot_fn()
    hub.reopen()


def _restore(hub: Hub) -> None:
    hub.engine.dispose()
    hub.backend.restore_fn()
    hub.reopen()


def test_restore_is_detected_and_clients_re_offer(org: Org, capsys: pytest.CaptureFixture[str]
                                                 ) -> None:
    hub, lead = org.hub, org.lead
    before = lead.client.epoch()
    events_a, sealed_a = org.envelopes(lead, 3)
    lead.client.push(sealed_a)
    _backup(hub)

    invitation = org.invite("field")
    field_key = Ed25519PrivateKey.generate()
    field_id = uuid7()
    field = hub.client()
    field.register_device(invitation, field_id, field_key)  # joins after the backup
    events_b, sealed_b = org.envelopes(lead, 2)
    lead.client.push(sealed_b)
    cursor = lead.client.pull(0, 100).next_cursor
    assert cursor == 5

    _restore(hub)
    # Even before the operator acts, a client sees the hub behind its cursor: a restore.
    page = lead.client.pull(cursor, 100)
    assert page.head == 3 < cursor
    assert hub_main(["new-epoch", "--db", hub.backend.url]) == 0
    assert "new epoch" in capsys.readouterr().out
    after = lead.client.epoch()
    assert after.epoch != before.epoch and after.head == 3

    # Re-offer: ask what the hub lacks, push those exact stored bytes again.
    held = {e.id: data for e, data in zip(events_a + events_b, sealed_a + sealed_b, strict=True)}
    lacking = lead.client.missing(list(held))
    assert lacking == [e.id for e in events_b]
    results = lead.client.push([held[i] for i in lacking])
    assert [(r.status, r.seq) for r in results] == [("stored", 4), ("stored", 5)]
    assert [r.status for r in lead.client.push(sealed_a)] == ["duplicate"] * 3
    # New epoch: the lead re-pulls from 0 (applying is idempotent) and gets everything.
    assert len(lead.client.pull(0, 100).envelopes) == 5

    # A device that joined after the backup is unknown to the restored hub; it joins again
    # with the same invitation (unused in the restored database while it has not expired).
    with pytest.raises(Unauthorized) as caught:
        field.epoch()
    assert caught.value.code == "bad_request_signature"  # unknown and wrong key alike
    again = hub.client().register_device(invitation, field_id, field_key)
    assert again.epoch == after.epoch
