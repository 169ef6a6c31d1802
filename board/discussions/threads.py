"""Loading a whole discussion in one query and shaping it into a tree for one reader."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import contains_eager, defer

from board import permissions
from board.classes.models import Membership
from board.discussions.models import WITHDRAWN, Flag, Post
from board.extensions import db
from board.media.services import image_index
from board.moderation.states import PENDING, PUBLISHED


@dataclass
class Node:
    post: Post
    children: list[Node] = field(default_factory=list)
    #: posts in this branch, the node included
    size: int = 1
    #: hidden while a teacher reviews a report: shown as a placeholder above its replies, never its text
    placeholder: bool = False


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
    #: the pictures of the posts in the thread, by post id, loaded in one query
    pictures: dict[int, list] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Count the posts this reader can read (placeholders are not counted)."""
        return sum(1 for node in self.nodes.values() if not node.placeholder)

    @property
    def response_count(self) -> int:
        # A reader's comment on the prompt itself is counted with the replies and comments.
        return sum(1 for node in self.roots if not node.placeholder and node.post.kind != "comment")

    def subtree(self, post_id: int) -> Node | None:
        return self.nodes.get(post_id)

    def replies_shown_to(self, user_id: int, tops: list[Node], max_depth: int) -> list[int]:
        """Ids of the replies and comments to this person's posts that a page showing these branches
        lets them read (as the branch macro draws them: nothing at max_depth or deeper, no placeholder)."""
        found: list[int] = []
        stack = [(node, 0) for node in tops]
        while stack:
            node, depth = stack.pop()
            if depth + 1 >= max_depth:
                continue
            for child in node.children:
                if not child.placeholder and node.post.author_id == user_id and child.post.author_id != user_id:
                    found.append(child.post.id)
                stack.append((child, depth + 1))
        return found


def _visibility(user, prompt):
    """Return the SQL condition for posts this person may see under the prompt (as permissions.can_see_post
    says), or see as a placeholder: published work hidden after a report is loaded too, and _tree
    keeps it only as a placeholder above replies."""
    published = Post.status == PUBLISHED
    if permissions.is_teacher_of(user, prompt.classroom_id):
        return Post.status.in_((PUBLISHED, PENDING))
    if permissions.is_member(user, prompt.classroom_id):
        return or_(published, _own(user))
    if not prompt.is_public:
        # Outside the class (a family reading its child's work), a class-only prompt shows one's own
        # comments and nothing of anyone else: the family pages show the child's work themselves.
        return _own(user) if getattr(user, "is_authenticated", False) else false()
    # The public sees a student's work only with consent on record.
    public = and_(published, permissions.public_author_condition())
    if getattr(user, "is_authenticated", False):
        # A reader also sees their own comments while they wait.
        return or_(public, _own(user))
    return public


def _own(user):
    """The person's own work, but not what they withdrew: that stays out of the thread."""
    return and_(Post.author_id == user.id, Post.status != WITHDRAWN)


def load_thread(user, prompt) -> Thread:
    """Load every post of the prompt this person may see, with authors, in one query."""
    author_membership = and_(
        Membership.classroom_id == Post.classroom_id, Membership.user_id == Post.author_id
    )
    rows = db.session.scalars(
        select(Post)
        .join(Post.author)
        .outerjoin(Membership, author_membership)
        # The page shows the rendered text; the Markdown source and the norms findings stay behind.
        .options(contains_eager(Post.author), defer(Post.body_md), defer(Post.findings))
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
    viewer_id = user.id if getattr(user, "is_authenticated", False) else None
    teacher = permissions.is_teacher_of(user, prompt.classroom_id)
    hidden = {post.id for post in rows if post.hidden and not teacher and post.author_id != viewer_id}
    thread = _tree(rows, flagged, hidden)
    thread.viewer_id = viewer_id
    thread.member = permissions.is_member(user, prompt.classroom_id)
    thread.teacher = teacher
    thread.can_reply = permissions.can_contribute(user, prompt)
    thread.pictures = image_index(Post, thread.nodes)
    return thread


def _tree(posts: list[Post], flagged: set[int], hidden: set[int] = frozenset()) -> Thread:
    """Build the tree; a post whose parent is not visible is left out with its whole branch.

    A hidden post becomes a placeholder when replies stand under it, and is left out otherwise.
    """
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
        node = nodes.get(post.id)
        if node is None:
            continue
        if post.id in hidden:
            if not node.children:
                # Nothing readable under it: leave it out, as if it were not there.
                del nodes[post.id]
                siblings = nodes[post.parent_id].children if post.parent_id in nodes else roots
                siblings.remove(node)
                continue
            node.placeholder = True
            node.size -= 1
        if post.parent_id in nodes:
            nodes[post.parent_id].size += node.size
    return Thread(roots=roots, nodes=nodes, flagged=flagged)


def visible_post_or_none(user, post_id: int) -> Post | None:
    """Load one post if this person may read it (permissions.can_read_post)."""
    post = db.session.get(Post, post_id)
    return post if permissions.can_read_post(user, post) else None
