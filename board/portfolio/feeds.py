"""Atom feeds for the public audience: a consented student's portfolio, and a public prompt's responses.

Feeds are read by anyone, so every entry passes the rule the public pages ask, asked as nobody.
"""
from __future__ import annotations

from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import url_for
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board import permissions
from board.discussions.models import Post
from board.extensions import db
from board.media import services as media
from board.moderation.states import PUBLISHED
from board.portfolio import access, pages, sources
from board.portfolio.services import HEADINGS
from board.timeutil import utcnow

#: the newest entries a feed carries
FEED_ENTRIES = 50


def _aware(moment: datetime | None) -> datetime:
    return (moment or utcnow()).replace(tzinfo=UTC)


def _feed(ident: str, title: str, page: str, subtitle: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(ident)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.link(href=ident, rel="self")
    feed.link(href=page, rel="alternate")
    feed.language("en")
    return feed


def portfolio_feed(student) -> bytes:
    """The approved pieces of a consented student's portfolio whose work is public, newest first."""
    pieces = [p for p in pages.all_pieces(student) if access.publicly_visible_piece(p)]
    pieces.sort(key=lambda p: p.published_at or p.created_at, reverse=True)
    name = student.display_name
    feed = _feed(url_for("portfolio.portfolio_feed", student_id=student.id, _external=True),
                 f"{name}’s portfolio", url_for("portfolio.show", student_id=student.id, _external=True),
                 f"Pieces {name} chose, and why.")
    feed.author({"name": name})
    feed.updated(_aware(max((p.published_at for p in pieces if p.published_at), default=None)))
    for piece in pieces[:FEED_ENTRIES]:
        link = url_for("portfolio.piece", piece_id=piece.id, _external=True)
        entry = feed.add_entry(order="append")
        entry.id(link)
        entry.title(piece.title)
        entry.link(href=link)
        entry.author({"name": name})
        entry.published(_aware(piece.published_at))
        entry.updated(_aware(piece.published_at))
        entry.content(piece.work_html + _public_pictures(piece)
                      + "".join(f"<h2>{heading}</h2>{getattr(piece, name + '_html')}"
                                for name, heading in HEADINGS.items()), type="html")
    return feed.atom_str(pretty=True)


def _public_pictures(piece) -> str:
    """The piece's pictures as images in the entry: only those the public may see, asked one by one."""
    return "".join(
        f'<p><img src="{escape(url_for("media.show", image_id=image.id, _external=True))}" alt="{escape(image.alt)}" '
        f'width="{image.width}" height="{image.height}"></p>'
        for image in sources.pictures(piece) if media.is_public(image))


def prompt_feed(prompt) -> bytes:
    """The published responses to a public prompt that the public may read, newest first."""
    rows = list(db.session.scalars(
        select(Post).options(selectinload(Post.author))
        .where(Post.prompt_id == prompt.id, Post.kind == "response", Post.status == PUBLISHED,
               Post.hidden.is_(False))
        .order_by(Post.published_at.desc(), Post.id.desc()).limit(FEED_ENTRIES * 2)
    ))
    readable = permissions.readable_posts(sources.NOBODY, rows)
    posts = [post for post in rows if post.id in readable][:FEED_ENTRIES]
    page = url_for("discussions.prompt", prompt_id=prompt.id, _external=True)
    feed = _feed(url_for("portfolio.prompt_feed", prompt_id=prompt.id, _external=True),
                 prompt.question, page, f"Published responses from {prompt.classroom.name}.")
    feed.updated(_aware(posts[0].published_at if posts else prompt.opens_at))
    for post in posts:
        link = url_for("discussions.show_post", post_id=post.id, _external=True)
        entry = feed.add_entry(order="append")
        entry.id(link)
        entry.title(f"{post.author.display_name} on “{prompt.question}”")
        entry.link(href=link)
        entry.author({"name": post.author.display_name})
        entry.published(_aware(post.published_at))
        entry.updated(_aware(post.published_at))
        entry.content(post.body_html, type="html")
    return feed.atom_str(pretty=True)
