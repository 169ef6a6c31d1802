"""Loading a whole discussion in one query and shaping it into a tree for one reader."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager

from board import permissions
from board.classes.models import Membership
from board.discussions.models import Flag, Post
from board.extensions import db
from board.moderation.states import PENDING, PUBLISHED


@dataclass
class Node:
    post: Post
    children: list[Node] = field(default_factory=list)
    #: posts in this branch, the node included
    size: int = 1


@dataclass
class Thread:
    roots: list[Node]
    nodes: dict[int, Node]
    #: ids of posts the reader has already flagged
    flagged: set[int]
    #: what the reader may do anywhere in this thread, decided once rather than per post
    viewer_id: int | None = None
    member: bool = False
    teacher: bool = False
    can_reply: bool = False

    @property
    def count(self) -> int:
        return len(self.nodes)

    def subtree(self, post_id: int) -> Node | None:
        return self.nodes.get(post_id)


def _visibility(user, prompt):
    """Return the SQL condition for posts this person may see under the prompt."""
    published = and_(Post.status == PUBLISHED, Post.hidden.is_(False))
    if permissions.is_teacher_of(user, prompt.classroom_id):
        return Post.status.in_((PUBLISHED, PENDING))
    if permissions.is_member(user, prompt.classroom_id):
        return or_(published, Post.author_id == user.id)
    # The public sees a student's work only with consent on record.
    public = and_(
        published,
        or_(Membership.id.is_(None), Membership.role == "teacher", Membership.consent_at.is_not(None)),
    )
    if getattr(user, "is_authenticated", False):
        # A reader also sees their own comments while they wait.
        return or_(public, Post.author_id == user.id)
    return public


def load_thread(user, prompt) -> Thread:
    """Load every post of the prompt this person may see, with authors, in one query."""
    author_membership = and_(
        Membership.classroom_id == Post.classroom_id, Membership.user_id == Post.author_id
    )
    rows = db.session.scalars(
        select(Post)
        .join(Post.author)
        .outerjoin(Membership, author_membership)
        .options(contains_eager(Post.author))
        .where(Post.prompt_id == prompt.id, Post.pad_id.is_(None), _visibility(user, prompt))
        .order_by(Post.created_at, Post.id)
    ).unique().all()

    flagged: set[int] = set()
    if getattr(user, "is_authenticated", False):
        flagged = set(db.session.scalars(
            select(Flag.post_id).join(Post, Post.id == Flag.post_id).where(
                Flag.user_id == user.id, Post.prompt_id == prompt.id
            )
        ))
    thread = _tree(rows, flagged)
    thread.viewer_id = user.id if getattr(user, "is_authenticated", False) else None
    thread.member = permissions.is_member(user, prompt.classroom_id)
    thread.teacher = permissions.is_teacher_of(user, prompt.classroom_id)
    thread.can_reply = permissions.can_contribute(user, prompt)
    return thread


def _tree(posts: list[Post], flagged: set[int]) -> Thread:
    """Build the tree; a post whose parent is not visible is left out with its whole branch."""
    # Posts come oldest first and a reply is always newer than its parent, so one pass
    # forward links the tree and one pass backward adds up branch sizes.
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for post in posts:
        if post.parent_id is None:
            nodes[post.id] = node = Node(post)
            roots.append(node)
        elif post.parent_id in nodes:
            nodes[post.id] = node = Node(post)
            nodes[post.parent_id].children.append(node)
    for post in reversed(posts):
        if post.id in nodes and post.parent_id in nodes:
            nodes[post.parent_id].size += nodes[post.id].size
    return Thread(roots=roots, nodes=nodes, flagged=flagged)


def author_membership(post: Post) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.classroom_id == post.classroom_id, Membership.user_id == post.author_id
        )
    )


def visible_post_or_none(user, post_id: int) -> Post | None:
    """Load one post if this person may see it and every post above it."""
    post = db.session.get(Post, post_id)
    current = post
    while current is not None:
        if not permissions.can_see_post(user, current, author_membership(current)):
            return None
        current = db.session.get(Post, current.parent_id) if current.parent_id else None
    if post is not None and not permissions.can_read_prompt(user, post.prompt):
        return None
    return post

