"""Profiles and person details (issue 11): what the forms print about who sent a referral
and about the person is entered in the app, kept as events, and printed."""

from __future__ import annotations

from shell_support import ADMIN, STAFF

from desktop.domain.people import Person
from desktop.ui.editors.person_details import PersonDetailsSection
from desktop.ui.editors.profile_dialog import OrgDetailsDialog, ProfileDialog
from desktop.ui.pages.users_page import UsersPage


def test_a_profile_saved_in_the_users_page_is_the_referrer_on_the_forms(
        qtbot, admin_runner, admin_context) -> None:
    page = UsersPage(admin_runner, admin_context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    page.select_user(STAFF)
    assert page.profile_button.isEnabled() and page.org_button.isEnabled()
    dialog = ProfileDialog(admin_runner, STAFF, page)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    dialog.edits["full_name"].setText("Trần Thị Mai")
    dialog.edits["job_title"].setText("Designated Safeguarding Lead")
    dialog.edits["email"].setText("not an address")
    dialog.save()
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    assert dialog.message.text()  # a bad email is refused with words
    assert admin_runner.call(lambda s: s.users.profile(STAFF)).full_name == ""
    dialog.edits["email"].setText("mai@example.org")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    profile = admin_runner.call(lambda s: s.users.profile(STAFF))
    assert (profile.full_name, profile.job_title) == ("Trần Thị Mai",
                                                      "Designated Safeguarding Lead")
    kinds = admin_runner.call(lambda s: s.vault.read(
        "SELECT kind FROM events WHERE record_id = ?", (f"user:{STAFF}",)))
    assert ("user.profile_set",) in kinds

    admin_runner.call(lambda s: s.users.set_profile(ADMIN, profile))
    person_id = admin_runner.call(lambda s: s.people.register(Person(given_names="Hoa")))
    referrer = admin_runner.call(lambda s: s.referrals.context(person_id, "en"))["referrer"]
    assert referrer["name"] == "Trần Thị Mai"
    assert referrer["role"] == "Designated Safeguarding Lead"  # the job title, not "admin"


def test_the_organisation_says_whether_it_is_a_first_responder(
        qtbot, admin_runner) -> None:
    dialog = OrgDetailsDialog(admin_runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    assert not dialog.first_responder.isChecked()  # schools and care homes are not
    dialog.first_responder.setChecked(True)
    dialog.edits["abbreviation"].setText("ĐBP")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    org = admin_runner.call(lambda s: s.settings.org())
    assert org.nrm_first_responder and org.abbreviation == "ĐBP"


def test_person_details_round_trip_through_the_section(qtbot) -> None:
    section = PersonDetailsSection()
    qtbot.addWidget(section)
    assert not section.body.isVisibleTo(section)  # folded until wanted
    person = Person(given_names="Hoa").with_details(
        {"ethnicity": "Tày", "home_town": "Bảo Lạc, Cao Bằng", "cp_status": "child_in_need",
         "upn": "A123"})
    section.load(person)
    assert section.body.isVisibleTo(section)  # opened because something is recorded
    values = section.values()
    assert values["ethnicity"] == "Tày" and values["cp_status"] == "child_in_need"
    assert Person(given_names="Hoa").with_details(values) == person
