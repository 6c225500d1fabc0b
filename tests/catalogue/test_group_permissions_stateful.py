"""A stateful property test of the group services (no web): random users × random actions.

Users: a facilitator of A, one of B, a team member of A, a coordinator of A, an admin and
a deactivated facilitator of A. Actions: edit a field (sometimes at a stale version),
"klopt nog", mark full, cancel a meeting, create a group. After every step:

- every persisted change (the audit log) was made by a user allowed to make it;
- a refused action (Forbidden, Invalid, Conflict) changed nothing at all;
- Forbidden comes exactly when the model of the permissions says so;
- versions only increase, and each group's version is 1 + its version-raising audit entries.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from catalogue.db import make_engine, session_scope
from catalogue.errors import Conflict, Forbidden, Invalid
from catalogue.groups import cancel_session, create_group, edit_group, get_record, mark_full
from catalogue.models import AuditEntry, Group, User
from catalogue.schedules import next_meetings
from tests.catalogue.test_group_create import new_group_data
from tests.catalogue.test_group_edits import ORG_A, ORG_B, _groups_on, _org_id, _user

Rows = Callable[..., dict[str, str]]
ToCsv = Callable[..., bytes]
USERS: dict[str, tuple[tuple[tuple[str, str | None], ...], bool]] = {
    "facilitator A": ((("facilitator", ORG_A),), True),
    "facilitator B": ((("facilitator", ORG_B),), True),
    "team A": ((("team", ORG_A),), True),
    "coordinator A": ((("coordinator", ORG_A),), True),
    "admin": ((("admin", None),), True),
    "deactivated facilitator A": ((("facilitator", ORG_A),), False),
}
# The permission model the services must follow: organisations each user may change.
MAY_CHANGE = {
    "facilitator A": {ORG_A},
    "facilitator B": {ORG_B},
    "team A": set(),
    "coordinator A": {ORG_A},
    "admin": {ORG_A, ORG_B},
    "deactivated facilitator A": set(),
}
VERSION_RAISING = {"update", "mark-full", "import-update"}
TABLES = ("group", "grouparea", "location", "schedule", "scheduleexception", "auditentry")
EDITS = st.one_of(
    st.fixed_dictionaries({"title": st.sampled_from(["Samen sterker", "Anders genoemd"])}),
    st.fixed_dictionaries({"places_left": st.integers(0, 3)}),
    st.fixed_dictionaries({"status": st.sampled_from(["actief", "gepauzeerd", "concept"])}),
    st.fixed_dictionaries({"contact_phone": st.sampled_from([None, "0570 123456"])}),
)


def _email(who: str) -> str:
    return who.replace(" ", "-") + "@example.org"


def _everything(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            name: [tuple(r) for r in conn.execute(sa.text(f'SELECT * FROM "{name}" ORDER BY id'))]
            for name in TABLES
        }


class GroupServices(RuleBasedStateMachine):
    def __init__(self, engine: Engine, *, dispose: bool = True) -> None:
        super().__init__()
        self.engine = engine
        self.dispose = dispose
        self.users: dict[str, User] = {}
        for who, (memberships, active) in USERS.items():
            self.users[who] = _user(engine, _email(who), *memberships, active=active)
        with Session(engine) as session:
            groups = session.exec(select(Group).order_by(col(Group.id))).all()
            self.group_ids = [g.id for g in groups if g.id is not None]
            self.org_ids = {ORG_A: _org_id(session, ORG_A), ORG_B: _org_id(session, ORG_B)}
        self.org_names = {v: k for k, v in self.org_ids.items()}
        self.versions: dict[int, int] = {}
        self.created = 0

    def teardown(self) -> None:
        if self.dispose:
            self.engine.dispose()

    # --- helpers ------------------------------------------------------------------------

    def _org_of(self, group_id: int) -> str:
        with Session(self.engine) as session:
            group = session.get(Group, group_id)
            assert group is not None
            return self.org_names[group.organisation_id]

    def _version(self, group_id: int) -> int:
        with Session(self.engine) as session:
            return get_record(session, group_id).version

    def _pick(self, index: int) -> int:
        return self.group_ids[index % len(self.group_ids)]

    def _run(
        self, who: str, org: str, action: Callable[[Session, User], object], *, stale: bool = False
    ) -> object:
        """Run one service call and check what it may and may not have done."""
        before = _everything(self.engine)
        try:
            with session_scope(self.engine) as session:
                result = action(session, self.users[who])
        except (Forbidden, Invalid, Conflict) as exc:
            assert _everything(self.engine) == before, f"{type(exc).__name__} changed data"
            assert isinstance(exc, Forbidden) == (org not in MAY_CHANGE[who]), (who, org, exc)
            if isinstance(exc, Conflict):
                assert stale, "a conflict at the current version"
            return exc
        assert org in MAY_CHANGE[who], f"{who} changed a group of {org}"
        after = _everything(self.engine)
        new_entries = len(after["auditentry"]) - len(before["auditentry"])
        if result == []:  # an unchanged save writes nothing
            assert after == before
        else:
            assert new_entries == 1
            assert not stale, "a stale version was saved"
        return result

    # --- rules --------------------------------------------------------------------------

    @rule(
        who=st.sampled_from(list(USERS)),
        index=st.integers(0, 50),
        changes=EDITS,
        stale=st.booleans(),
    )
    def edit(self, who: str, index: int, changes: dict[str, Any], stale: bool) -> None:
        group_id = self._pick(index)
        version = self._version(group_id)
        stale = stale and version > 1
        expected = version - 1 if stale else version

        def act(session: Session, user: User) -> object:
            return edit_group(
                session, user=user, group_id=group_id, expected_version=expected, changes=changes
            )

        self._run(who, self._org_of(group_id), act, stale=stale)

    @rule(who=st.sampled_from(list(USERS)), index=st.integers(0, 50))
    def confirm(self, who: str, index: int) -> None:
        group_id = self._pick(index)
        version = self._version(group_id)
        today = datetime.now(UTC).date() - timedelta(days=1)  # never "in the future" in any zone

        def act(session: Session, user: User) -> object:
            return edit_group(
                session,
                user=user,
                group_id=group_id,
                expected_version=version,
                changes={"last_confirmed_at": today},
            )

        self._run(who, self._org_of(group_id), act)

    @rule(
        who=st.sampled_from(list(USERS)),
        index=st.integers(0, 50),
        weeks=st.one_of(st.none(), st.integers(0, 10)),
    )
    def full(self, who: str, index: int, weeks: int | None) -> None:
        group_id = self._pick(index)
        version = self._version(group_id)

        def act(session: Session, user: User) -> object:
            return mark_full(
                session, user=user, group_id=group_id, expected_version=version, waiting_weeks=weeks
            )

        self._run(who, self._org_of(group_id), act)

    @rule(who=st.sampled_from(list(USERS)), index=st.integers(0, 50), nth=st.integers(0, 2))
    def cancel(self, who: str, index: int, nth: int) -> None:
        group_id = self._pick(index)
        with Session(self.engine) as session:
            spec = get_record(session, group_id).schedule
        coming = next_meetings(spec, 3, datetime.now(UTC)) if spec else []
        day = coming[nth % len(coming)].start.date() if coming else date.today()

        def act(session: Session, user: User) -> object:
            return cancel_session(session, user=user, group_id=group_id, day=day, reason="ziek")

        self._run(who, self._org_of(group_id), act)

    @rule(who=st.sampled_from(list(USERS)), org=st.sampled_from([ORG_A, ORG_B]))
    def create(self, who: str, org: str) -> None:
        self.created += 1
        data = new_group_data(title=f"Nieuwe groep {self.created}")

        def act(session: Session, user: User) -> object:
            return create_group(session, user=user, organisation_id=self.org_ids[org], data=data)

        outcome = self._run(who, org, act)
        group_id = getattr(outcome, "group_id", None)
        if group_id is not None:
            self.group_ids.append(group_id)

    # --- invariants ---------------------------------------------------------------------

    @invariant()
    def every_change_was_allowed_and_versions_only_grow(self) -> None:
        allowed_emails = {
            org: {_email(w) for w, orgs in MAY_CHANGE.items() if org in orgs}
            for org in (ORG_A, ORG_B)
        }
        with Session(self.engine) as session:
            groups = {g.external_id: g for g in session.exec(select(Group)).all()}
            entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "group")).all()
        raised: dict[str, int] = {}
        for entry in entries:
            group = groups[entry.entity_id]
            if entry.action.startswith("import-"):
                assert entry.actor == "import"
            else:
                org = self.org_names[group.organisation_id]
                assert entry.actor in allowed_emails[org], (entry.actor, entry.action, org)
            if entry.action in VERSION_RAISING:
                raised[entry.entity_id] = raised.get(entry.entity_id, 0) + 1
        for external_id, group in groups.items():
            assert group.id is not None
            assert group.version == 1 + raised.get(external_id, 0), external_id
            assert group.version >= self.versions.get(group.id, 1)
            self.versions[group.id] = group.version


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def test_random_users_and_actions_keep_the_permission_and_version_invariants(
    tmp_path: Path, _migrated_sqlite_file: Path, make_row: Rows, csv_bytes: ToCsv
) -> None:
    counter = itertools.count()

    def machine() -> GroupServices:
        path = tmp_path / f"machine-{next(counter)}.db"
        shutil.copyfile(_migrated_sqlite_file, path)
        engine = make_engine(f"sqlite:///{path}")
        _groups_on(engine, make_row, csv_bytes)
        return GroupServices(engine)

    run_state_machine_as_test(machine, settings=_settings(30))  # type: ignore[arg-type]


def test_the_same_invariants_hold_on_postgres(
    pg_engine: Engine, make_row: Rows, csv_bytes: ToCsv
) -> None:
    """Fewer examples: one database, emptied (TRUNCATE … RESTART IDENTITY) for each."""
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)

    def machine() -> GroupServices:
        with pg_engine.begin() as conn:
            conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        _groups_on(pg_engine, make_row, csv_bytes)
        return GroupServices(pg_engine, dispose=False)

    run_state_machine_as_test(machine, settings=_settings(10))  # type: ignore[arg-type]
