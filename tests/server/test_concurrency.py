"""Concurrent pushes to one organisation: gap-free, unique sequence numbers, no errors."""

from __future__ import annotations

import threading

from hubkit import Org

from protocol import envelope
from server import store

THREADS = 4
BATCHES = 8
PER_BATCH = 10


def test_concurrent_pushes_get_gap_free_sequences(org: Org) -> None:
    hub = org.hub
    key = org.lead.key.public_key()
    batches = []
    for _ in range(THREADS * BATCHES):
        _, sealed = org.envelopes(org.lead, PER_BATCH)
        batches.append([(envelope.verify(s, key), s) for s in sealed])
    shared = batches[0][:3]  # every thread also pushes these: stored once, duplicates after
    failures: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def work(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            for batch in batches[index::THREADS]:
                store.push(hub.engine, org.org_id, org.lead.device_id, batch + shared,
                           hub.clock)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert failures == []
    total = THREADS * BATCHES * PER_BATCH
    seqs = []
    cursor = 0
    while True:
        page = org.lead.client.pull(cursor, 1000)
        if not page.envelopes:
            break
        seqs.extend(p.seq for p in page.envelopes)
        cursor = page.next_cursor
    assert seqs == list(range(1, total + 1))
    assert page.head == total
