"""Unique slugs for rows that are addressed by slug (teams, scenarios, sources, questions)."""

from django.db.models import Model
from django.utils.text import slugify

# Path segments that name pages beside the slugs (/questions/new/, /teams/invitations/…, /teams/join/…).
RESERVED = frozenset({"new", "invitations", "join"})


def unique_slug(model: type[Model], text: str, max_length: int = 120) -> str:
    base = slugify(text)[: max_length - 8].strip("-") or "item"
    slug, counter = base, 2
    while slug in RESERVED or model._default_manager.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug
