"""Joining an organisation's hub: one use case for the command line and the interface.

Each flow has three steps so the interface can run them on the right threads (vault, network,
vault) and the command line one after another:

- connect (a lead's vault sets the organisation up on a hub with a one-time token):
  `prepare_connect` → `register_connect` → `finish_connect`;
- join (a device joins with an enrolment file and its code):
  `open_enrolment` → `prepare_join` → `register_join` → `finish_join`.

The keys are made (connect: kept in the vault) before the hub is asked, so a lost answer is
confirmed with the same keys on the next try.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.app.services import Services
from desktop.app.sync import AlreadyConnected
from desktop.sync import enrolment as enrol
from desktop.sync import hubclient
from desktop.sync.engine import connect_or_confirm, new_device_key, open_client
from desktop.sync.enrolment import Enrolment, EnrolmentError
from desktop.sync.hubclient import HubError

__all__ = ["Connect", "EnrolmentError", "HubError", "Join", "finish_connect", "finish_join",
           "open_enrolment", "prepare_connect", "prepare_join", "register_connect",
           "register_join"]


@dataclass(frozen=True)
class Connect:
    url: str
    token: str
    org_name: str
    device_id: str
    device_key: Ed25519PrivateKey
    org_private_key: bytes
    org_public_key: bytes
    registration: hubclient.Registration | None = None


@dataclass(frozen=True)
class Join:
    enrolment: Enrolment
    device_id: str
    device_key: Ed25519PrivateKey
    registered: bool = False
    epoch: str = ""


def _not_connected(services: Services) -> None:
    if services.sync.config() is not None:
        raise AlreadyConnected()


# --- connect --------------------------------------------------------------------------------
def prepare_connect(services: Services, url: str, token: str) -> Connect:
    """On the vault: the keys to register (kept in the vault before the hub is asked)."""
    _not_connected(services)
    device_key, private, public = services.sync.pending_keys()
    return Connect(url=url, token=token, org_name=services.settings.org().org_name,
                   device_id=services.vault.device_id, device_key=device_key,
                   org_private_key=private, org_public_key=public)


def register_connect(plan: Connect) -> Connect:
    """On the network: register the organisation and this lead device (or confirm it)."""
    with open_client(plan.url) as client:
        reg = connect_or_confirm(client, plan.token, plan.device_id, plan.device_key,
                                 plan.org_public_key)
    return replace(plan, registration=reg)


def finish_connect(services: Services, plan: Connect) -> hubclient.Registration:
    """On the vault: keep the organisation's configuration."""
    reg = plan.registration
    if reg is None:
        raise ValueError("register_connect() first")
    services.sync.connect(hub_url=plan.url, org_name=plan.org_name, org_id=reg.org_id,
                          role=reg.role, epoch=reg.epoch, device_key=plan.device_key,
                          org_public_key=plan.org_public_key,
                          org_private_key=plan.org_private_key)
    return reg


# --- join -----------------------------------------------------------------------------------
def open_enrolment(data: bytes, code: str) -> Enrolment:
    """The enrolment file opened with its one-time code; `EnrolmentError` if it does not."""
    found = enrol.read(data, code)
    if found.org_private_key is not None:
        try:
            X25519PrivateKey.from_private_bytes(found.org_private_key)
        except ValueError:
            raise EnrolmentError("the organisation key in this file is damaged") from None
    return found


def prepare_join(services: Services, enrolment: Enrolment) -> Join:
    """On the vault: this device's id and a new device key."""
    _not_connected(services)
    return Join(enrolment=enrolment, device_id=services.vault.device_id,
                device_key=new_device_key())


def register_join(plan: Join) -> Join:
    """On the network: register this device with the invitation. With no connection the
    device joins all the same and its first sync registers it."""
    try:
        with open_client(plan.enrolment.hub_url) as client:
            reg = client.register_device(plan.enrolment.invitation, plan.device_id,
                                         plan.device_key)
    except hubclient.HubUnavailable:
        return replace(plan, registered=False, epoch="")
    return replace(plan, registered=True, epoch=reg.epoch)


def finish_join(services: Services, plan: Join) -> None:
    """On the vault: keep the organisation's configuration."""
    e = plan.enrolment
    services.sync.connect(hub_url=e.hub_url, org_name=e.org_name, org_id=e.org_id,
                          role=e.role, epoch=plan.epoch, device_key=plan.device_key,
                          org_public_key=e.org_public_key, org_private_key=e.org_private_key,
                          registered=plan.registered, invitation_text=e.invitation)
