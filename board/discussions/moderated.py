"""Posts as a moderated kind: how the queue lists them, what a decision on one changes, how an undo restores it."""
from __future__ import annotations

from flask import abort, current_app
from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import aliased, contains_eager, selectinload

from board import permissions, signals
from board.accounts.models import User
from board.admin.wordlists import check_text
from board.discussions.changes import current_changes
from board.discussions.flags import refresh_flag_state
from board.discussions.highlight import highlight
from board.discussions.models import Flag, Post, PostVersion
from board.extensions import db
from board.moderation import states
from board.moderation.kinds import Kind, ListedPage
from board.moderation.services import DecisionError, within
from board.text import render_markdown


def load_for_teacher(user, post_id: int) -> Post:
    """Return a post this teacher may decide on: 404 outside their classes, 403 without the right."""
    post = db.session.get(Post, post_id)
    if post is None or not permissions.is_member(user, post.classroom_id):
        abort(404)
    permissions.require(permissions.can_moderate(user, post.classroom_id))
    return post


def load_many(ids) -> list[Post]:
    return list(db.session.scalars(select(Post).options(selectinload(Post.author)).where(Post.id.in_(list(ids)))))


def has_reminders(post: Post) -> bool:
    """Tell whether an item carries norms findings, which a bulk approval must not publish unseen."""
    return bool(post.findings) or bool(post.posted_anyway)


# ---- the queue's tabs -------------------------------------------------------------------------


def _tab_condition(tab: str):
    if tab == "pending":
        return Post.status == states.PENDING
    if tab == "reported":
        return and_(Post.status == states.PUBLISHED, Post.open_flags > 0)
    return Post.status == (states.RETURNED if tab == "returned" else states.REJECTED)


def waiting(classroom_ids: list[int]) -> list:
    """Count pending posts and reported ones apart: two index walks instead of one OR over every row."""
    return [
        select(func.count(Post.id).label("n"), func.min(since).label("oldest")).where(
            Post.classroom_id.in_(classroom_ids), condition
        )
        for since, condition in ((Post.submitted_at, Post.status == states.PENDING),
                                 (Post.reported_at, and_(Post.status == states.PUBLISHED, Post.open_flags > 0)))
    ]


def list_page(classroom_ids: list[int], prompt_id: int | None, tab: str, page: int, size: int,
              tabs: tuple[str, ...]) -> ListedPage:
    """Load one page of a queue tab, with every tab's count and the open reports of what it shows."""
    scope = [Post.classroom_id.in_(classroom_ids)]
    if prompt_id is not None:
        scope.append(Post.prompt_id == prompt_id)
    # Only rows in some tab are read: published work without reports is the bulk of a school's history.
    counts_row = db.session.execute(
        select(*[func.sum(case((_tab_condition(t), 1), else_=0)) for t in tabs]).where(
            *scope, or_(Post.status != states.PUBLISHED, Post.open_flags > 0)
        )
    ).one()
    counts = {t: int(c or 0) for t, c in zip(tabs, counts_row, strict=True)}

    pages = max(1, -(-counts[tab] // size))
    page = min(max(1, page), pages)
    if tab == "reported":
        order = (Post.reported_at.asc(), Post.id.asc())
    elif tab == "pending":
        order = (Post.submitted_at.asc(), Post.id.asc())
    else:
        order = (Post.decided_at.desc(), Post.id.desc())
    # The page's ids come from posts alone (an index walk), and only those rows are joined.
    page_ids = (
        select(Post.id).where(*scope, _tab_condition(tab)).order_by(*order)
        .limit(size).offset((page - 1) * size).subquery()
    )
    parent = aliased(Post)
    parent_author = aliased(User)
    items = list(db.session.scalars(
        select(Post)
        .join(page_ids, page_ids.c.id == Post.id)
        .join(Post.author)
        .join(Post.prompt)
        .outerjoin(parent, Post.parent)
        .outerjoin(parent_author, parent.author)
        .options(
            contains_eager(Post.author),
            contains_eager(Post.prompt),
            contains_eager(Post.parent.of_type(parent)).contains_eager(parent.author.of_type(parent_author)),
        )
        .order_by(*order)
    ).unique())

    flags: dict[int, list[Flag]] = {}
    if tab == "reported" and items:
        for flag in db.session.scalars(
            select(Flag).options(selectinload(Flag.user))
            .where(Flag.post_id.in_([p.id for p in items]), Flag.resolved_at.is_(None))
            .order_by(Flag.created_at)
        ):
            flags.setdefault(flag.post_id, []).append(flag)
    return ListedPage(items, counts, page, pages, flags)


def list_context(items: list[Post]) -> dict:
    """What the queue's list of posts needs besides the posts: resubmitted changes and reminders."""
    return {"changes": current_changes(items), "highlight": highlight, "has_reminders": has_reminders,
            "reminders_here": sum(1 for p in items if has_reminders(p))}


# ---- deciding and undoing ---------------------------------------------------------------------


def check(action: str, edited_md: str | None) -> None:
    """Refuse an edit-then-approve whose text is empty or too long."""
    if action != states.EDIT_APPROVE:
        return
    within("body", (edited_md or "").strip(), current_app.config["POST_MAX_CHARS"], "text")
    if not (edited_md or "").strip():
        raise DecisionError("body", "The edited text cannot be empty.")


def decision_values(post: Post, action: str, feedback: str, norm: str) -> dict:
    """Feedback beside the writer's text; any decision settles the reports that brought it here."""
    values: dict = {}
    if action in (states.RETURN, states.REJECT):
        values.update(feedback=feedback, feedback_norm=norm or "")
    if action in (states.APPROVE, states.EDIT_APPROVE):
        values.update(feedback="", feedback_norm="")
    if action in states.TEACHER_ACTIONS:
        values.update(hidden=False, open_flags=0)
    return values


def after_decision(post: Post, decision, actor, edited_md: str | None, now) -> None:
    if decision.action == states.EDIT_APPROVE:
        _save_teacher_edit(post, actor, edited_md)
    if decision.action in states.TEACHER_ACTIONS:
        db.session.execute(
            update(Flag)
            .where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
            .values(resolved_at=now, resolved_by_id=actor.id, resolved_by_decision_id=decision.id)
            .execution_options(synchronize_session=False)
        )


def _save_teacher_edit(post: Post, actor, edited_md: str) -> None:
    """Keep the student's text in history and make the teacher's edit current."""
    number = (
        db.session.scalar(select(func.max(PostVersion.number)).where(PostVersion.post_id == post.id))
        or 0
    ) + 1
    html = render_markdown(edited_md)
    findings = check_text(edited_md)
    db.session.add(
        PostVersion(
            post_id=post.id,
            number=number,
            body_md=edited_md,
            body_html=html,
            findings=findings,
            author_id=actor.id,
            note="edited by teacher",
        )
    )
    db.session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(body_md=edited_md, body_html=html, findings=findings, revision=number)
        .execution_options(synchronize_session=False)
    )


def undo_values(post: Post, decision) -> dict:
    """What a post looked like before a decision: its publication, feedback and text."""
    values: dict = {}
    if decision.from_status != states.PUBLISHED:
        values["published_at"] = None
    if decision.action in (states.RETURN, states.REJECT):
        values.update(feedback="", feedback_norm="")
    if decision.action == states.EDIT_APPROVE and decision.revision_before:
        before = db.session.scalar(
            select(PostVersion).where(
                PostVersion.post_id == post.id, PostVersion.number == decision.revision_before
            )
        )
        values.update(body_md=before.body_md, body_html=before.body_html, findings=before.findings,
                      revision=before.number)
    return values


def after_undo(post: Post, decision) -> None:
    """Put back the reports a reversed decision had settled."""
    reopened = db.session.execute(
        update(Flag)
        .where(Flag.resolved_by_decision_id == decision.id)
        .values(resolved_at=None, resolved_by_id=None, resolved_by_decision_id=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if reopened:
        refresh_flag_state(post.id)


def undone_message(post: Post, decision) -> str:
    return f"Undone: {post.author.display_name}’s {post.kind} is {decision.from_status} again."


@signals.moderation.decided.connect
def _published_by_decision(item, decision=None, published: bool = False, **_) -> None:
    """Announce a post a teacher's decision made visible, as trusted work is announced when it is saved."""
    if published and isinstance(item, Post):
        signals.discussions.published.send(item, decision=decision)


POST = Kind(
    name="post",
    model=Post,
    label="post",
    load_for_teacher=load_for_teacher,
    load_many=load_many,
    template="discussions/_queue_item.html",
    recent_template="discussions/_recent_line.html",
    waiting=waiting,
    list_page=list_page,
    list_context=list_context,
    needs_a_look=has_reminders,
    revision_of=lambda post: post.revision,
    check=check,
    decision_values=decision_values,
    after_decision=after_decision,
    undo_values=undo_values,
    after_undo=after_undo,
    undone_message=undone_message,
)
