"""Who may see and do what: small named predicates, and the loaders and decorator that apply them.

Predicates take the person and the objects and return a bool. They never raise;
the loaders turn "may not see" into 404 and the decorator turns "may not do" into 403.
"""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, or_, select

from board.classes.models import Membership
from board.extensions import db, login_manager
from board.moderation.states import PUBLISHED


def _signed_in(user) -> bool:
    """Signed in with an account that is still active: a deactivated account reads as anonymous."""
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and getattr(user, "active", True)
    )


#: the school-wide roles that may hold each kind of class membership
MEMBERSHIP_ROLES = {"teacher": ("teacher", "admin"), "student": ("student",)}


def can_hold(role: str, membership_role: str) -> bool:
    """Tell whether an account with this role may be on a roster in this capacity."""
    return role in MEMBERSHIP_ROLES.get(membership_role, ())


def is_admin(user) -> bool:
    return _signed_in(user) and user.role == "admin"


def memberships(user) -> dict[int, Membership]:
    """Return the person's memberships by class id, loaded once per person object.

    A membership the account's role cannot hold (a teacher's roster place after a demotion) counts
    for nothing, even if a row was left behind.
    """
    if not _signed_in(user):
        return {}
    cached = getattr(user, "_memberships", None)
    if cached is None:
        rows = db.session.scalars(select(Membership).where(Membership.user_id == user.id))
        cached = {m.classroom_id: m for m in rows if can_hold(user.role, m.role)}
        user._memberships = cached
    return cached


def forget_memberships(user) -> None:
    """Drop the cached memberships after a change to them."""
    if hasattr(user, "_memberships"):
        del user._memberships


def membership(user, classroom_id: int) -> Membership | None:
    return memberships(user).get(classroom_id)


def is_teacher_of(user, classroom_id: int) -> bool:
    """Admins, and teachers on the class's roster."""
    if is_admin(user):
        return True
    m = membership(user, classroom_id)
    return m is not None and m.role == "teacher"


def is_student_of(user, classroom_id: int) -> bool:
    m = membership(user, classroom_id)
    return m is not None and m.role == "student"


def is_member(user, classroom_id: int) -> bool:
    return is_admin(user) or membership(user, classroom_id) is not None


def teaches_any(user) -> bool:
    """Tell whether the person has a moderation queue."""
    return is_admin(user) or (
        _signed_in(user) and any(m.role == "teacher" for m in memberships(user).values())
    )


def can_read_prompt(user, prompt) -> bool:
    """Teachers always; the class once it opens; everyone once a public prompt opens."""
    if is_teacher_of(user, prompt.classroom_id):
        return True
    if not prompt.has_opened():
        return False
    return prompt.is_public or is_member(user, prompt.classroom_id)


def can_respond(user, prompt) -> bool:
    """Teachers, and students of the class who are not suspended, while the prompt is open."""
    if not _signed_in(user) or prompt.is_archived:
        return False
    if is_teacher_of(user, prompt.classroom_id):
        return True
    m = membership(user, prompt.classroom_id)
    return m is not None and m.role == "student" and not m.suspended and prompt.is_open()


def can_comment(user, prompt) -> bool:
    """Readers and other schools' adults comment on public work; students stay in their class.

    A family comments under their own child's work in the child's class, class-only prompts included
    (readable_posts keeps them to that work).
    """
    if not _signed_in(user) or is_member(user, prompt.classroom_id):
        return False
    if user.role == "family":
        return not prompt.is_archived and prompt.has_opened() and prompt.classroom_id in family_classes(user)
    return user.role in ("reader", "teacher") and prompt.is_public and prompt.is_open()


def children_of(user) -> set[int]:
    """Return the ids of the students a family account is linked to, loaded once per person object."""
    if not _signed_in(user) or user.role != "family":
        return set()
    cached = getattr(user, "_children", None)
    if cached is None:
        from board.families.models import FamilyLink

        cached = set(db.session.scalars(select(FamilyLink.student_id).where(FamilyLink.family_id == user.id)))
        user._children = cached
    return cached


def family_classes(user) -> set[int]:
    """Return the classes where a family's children are students."""
    children = children_of(user)
    if not children:
        return set()
    return set(db.session.scalars(select(Membership.classroom_id).where(
        Membership.user_id.in_(children), Membership.role == "student")))


def is_family_of(user, student_id: int) -> bool:
    return student_id in children_of(user)


def can_contribute(user, prompt) -> bool:
    """Tell whether the person may add anything (a post, a reply or a comment) under a prompt."""
    return can_respond(user, prompt) or can_comment(user, prompt)


def _public_author(post, author_membership: Membership | None) -> bool:
    """A teacher's work, a reader's comment, an admin's post, or a student's with consent on record.

    Work whose writer is no longer on the class's roster (a student who left, a teacher who was
    demoted) stays out of public view: nobody can vouch for its consent any more.
    """
    if author_membership is not None:
        return author_membership.role == "teacher" or author_membership.has_consent
    return post.kind == "comment" or post.author.role == "admin"


def public_author_condition():
    """The same rule as _public_author, as SQL over a query joining Post, its author (User) and
    the author's Membership in the post's class (outer join)."""
    from board.accounts.models import User
    from board.discussions.models import Post

    return or_(
        Membership.role == "teacher",
        Membership.consent_at.is_not(None),
        and_(Membership.id.is_(None), or_(Post.kind == "comment", User.role == "admin")),
    )


def is_publicly_visible(post, author_membership: Membership | None) -> bool:
    """Published, not hidden, and, for a student's work, consent on record."""
    if post.status != PUBLISHED or post.hidden:
        return False
    return _public_author(post, author_membership)


def can_see_post(user, post, author_membership: Membership | None, hidden: bool | None = None) -> bool:
    """Apply the publication rules to one post (its ancestors are checked by can_read_post).

    `hidden=False` asks whether the post would be readable if no report had hidden it.
    """
    hidden = post.hidden if hidden is None else hidden
    if is_teacher_of(user, post.classroom_id):
        return True
    if _signed_in(user) and post.author_id == user.id:
        return True
    if post.status != PUBLISHED or hidden:
        return False
    if is_member(user, post.classroom_id):
        return True
    return post.prompt.is_public and post.prompt.has_opened() and _public_author(post, author_membership)


def author_membership(post) -> Membership | None:
    """Return the author's place on the roster of the post's class, if any."""
    return db.session.scalar(
        select(Membership).where(
            Membership.classroom_id == post.classroom_id, Membership.user_id == post.author_id
        )
    )


def shows_as_placeholder(user, post, author_membership: Membership | None) -> bool:
    """A post hidden while a teacher reviews a report: its replies stay, under a placeholder."""
    return (
        post.hidden
        and not can_see_post(user, post, author_membership)
        and can_see_post(user, post, author_membership, hidden=False)
    )


def readable_posts(user, posts) -> set[int]:
    """Return the ids of the posts this person may read: the one visibility rule for a contribution.

    A post is readable when its prompt is, when the publication rules let this person see it,
    and when every post above it is readable too or stands as a placeholder (hidden after a
    report). Pages, notifications, counts and exports all ask this, or agree with it.
    """
    posts = [post for post in posts if post is not None]
    rosters = _author_memberships(_with_ancestors(posts))
    family = children_of(user)
    seen: dict[int, bool] = {}
    present: dict[int, bool] = {}
    prompts: dict[int, bool] = {}

    def roster_place(post) -> Membership | None:
        return rosters.get((post.classroom_id, post.author_id))

    def chain_present(post) -> bool:
        # The posts above: readable, or a placeholder; memoised across the batch.
        if post.id not in present:
            m = roster_place(post)
            ok = can_see_post(user, post, m) or shows_as_placeholder(user, post, m)
            present[post.id] = ok and (post.parent is None or chain_present(post.parent))
        return present[post.id]

    for post in posts:
        if post.id in seen:
            continue
        if post.prompt_id not in prompts:
            prompts[post.prompt_id] = can_read_prompt(user, post.prompt)
        seen[post.id] = (
            prompts[post.prompt_id]
            and can_see_post(user, post, roster_place(post))
            and (post.parent is None or chain_present(post.parent))
        ) or (family and _family_reads(user, post, family, roster_place))
    return {post_id for post_id, ok in seen.items() if ok}


def _family_reads(user, post, children: set[int], roster_place) -> bool:
    """A family reads its child's published work (class-only prompts too), the comments published under
    it and its own comments there: nothing of any other student."""
    if not post.prompt.has_opened():
        return False

    def child_work(item) -> bool:
        m = roster_place(item)
        return (item.author_id in children and m is not None and m.role == "student"
                and item.status == PUBLISHED and not item.hidden)

    if child_work(post):
        return True
    if post.kind != "comment" or post.parent is None or not child_work(post.parent):
        return False
    own = post.author_id == user.id and post.status != "withdrawn"
    return own or (post.status == PUBLISHED and not post.hidden)


def _with_ancestors(posts: list) -> list:
    """Load every post above these, a level of the thread per query (later reads hit the session)."""
    from board.discussions.models import Post

    everything = {post.id: post for post in posts}
    wanted = {post.parent_id for post in posts if post.parent_id is not None} - set(everything)
    while wanted:
        level = list(db.session.scalars(select(Post).where(Post.id.in_(wanted))))
        everything.update((post.id, post) for post in level)
        wanted = {post.parent_id for post in level if post.parent_id is not None} - set(everything)
    return list(everything.values())


def _author_memberships(posts: list) -> dict[tuple[int, int], Membership]:
    """Return the authors' roster places in the posts' classes, and load the authors, in two queries."""
    from board.accounts.models import User

    if not posts:
        return {}
    authors = {post.author_id for post in posts}
    list(db.session.scalars(select(User).where(User.id.in_(authors))))
    rows = db.session.scalars(select(Membership).where(
        Membership.user_id.in_(authors), Membership.classroom_id.in_({post.classroom_id for post in posts})))
    return {(m.classroom_id, m.user_id): m for m in rows}


def can_read_post(user, post) -> bool:
    """Tell whether this person may read this contribution (see readable_posts)."""
    return post is not None and post.id in readable_posts(user, [post])


def can_flag(user, post) -> bool:
    return _signed_in(user) and post.status == PUBLISHED and post.author_id != user.id


def can_revise(user, post) -> bool:
    """The author revises returned work, unless suspended."""
    if not (_signed_in(user) and post.author_id == user.id and post.status == "returned"):
        return False
    m = membership(user, post.classroom_id)
    return m is None or not m.suspended


def can_change_pending(user, post) -> bool:
    """The author edits or withdraws work still waiting for a teacher, unless suspended."""
    if not (_signed_in(user) and post.author_id == user.id and post.status == "pending"):
        return False
    m = membership(user, post.classroom_id)
    return m is None or not m.suspended


def can_moderate(user, classroom_id: int) -> bool:
    return is_teacher_of(user, classroom_id)


def _in_group(user, pad) -> bool:
    """A pad without members belongs to the whole class."""
    return not pad.members or any(m.user_id == user.id for m in pad.members)


def can_read_live_pad(user, pad) -> bool:
    """The class (and its teachers) see the live pad once the prompt opens; nobody else does."""
    return is_teacher_of(user, pad.classroom_id) or (
        is_member(user, pad.classroom_id) and pad.prompt.has_opened()
    )


def can_join_pad(user, pad) -> bool:
    """Joining the live session: teachers, and students of the class who are not suspended."""
    if is_teacher_of(user, pad.classroom_id):
        return True
    m = membership(user, pad.classroom_id)
    return m is not None and m.role == "student" and not m.suspended and pad.prompt.has_opened()


def can_edit_pad(user, pad) -> bool:
    """Writing: teachers; students of the pad's group (or of the class) while the prompt is open."""
    if pad.prompt.is_archived:
        return False
    if is_teacher_of(user, pad.classroom_id):
        return True
    return can_join_pad(user, pad) and pad.prompt.is_open() and _in_group(user, pad)


def can_family_read_pad(user, pad) -> bool:
    """A family reads the published revision of a pad in its child's class (its own child's words only:
    the family pages leave every classmate's words out)."""
    return (pad.published_revision is not None and pad.prompt.has_opened()
            and pad.classroom_id in family_classes(user))


def can_read_published_pad(user, pad) -> bool:
    """Outside the class: the revision a teacher published, on a public prompt."""
    return pad.published_revision is not None and pad.prompt.is_public and pad.prompt.has_opened()


def can_see_pad_picture(user, picture) -> bool:
    """A picture beside a pad: its author and the class's teachers at once; the class once a teacher
    approved it; a family its own child's, and the public, only beside a published revision (the
    public only on a public prompt, with the author's consent on record)."""
    pad = picture.pad
    if is_teacher_of(user, pad.classroom_id) or (_signed_in(user) and picture.author_id == user.id):
        return True
    if picture.status != PUBLISHED:
        return False
    if can_read_live_pad(user, pad):
        return True
    if pad.published_revision is None or not pad.prompt.has_opened():
        return False
    if _signed_in(user) and picture.author_id in children_of(user) and pad.classroom_id in family_classes(user):
        return True
    if not can_read_published_pad(user, pad):
        return False
    place = db.session.scalar(select(Membership).where(
        Membership.classroom_id == pad.classroom_id, Membership.user_id == picture.author_id))
    return place is not None and (place.role == "teacher" or place.has_consent)


# ---- applying them -------------------------------------------------------------------


def get_or_404(model, ident, may_see=None):
    """Load a row by primary key or answer 404; with `may_see(user, row)`, also 404 when the signed-in
    person may not see it (what they may not know exists)."""
    obj = db.session.get(model, ident)
    if obj is None or (may_see is not None and not may_see(current_user, obj)):
        abort(404)
    return obj


def require(allowed: bool) -> None:
    """Answer 403 when a person may see something but not do this to it."""
    if not allowed:
        abort(403)


def roles_required(*roles: str):
    """Let only signed-in people with one of these roles through (403 for the rest)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def teacher_required(view):
    """Let through admins and anyone on a class roster as a teacher (403 for the rest)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not _signed_in(current_user):
            return login_manager.unauthorized()
        # By the account's role: a roster place left over from before a demotion does not count.
        if current_user.role not in ("teacher", "admin"):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
