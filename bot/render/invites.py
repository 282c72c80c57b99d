"""/invites and /revoke: open invites with a button to cancel each, and what revoking did. Pure."""

from __future__ import annotations

from datetime import datetime, tzinfo

from bot.domain.views_admin import OpenInvite, Unbound
from bot.render.buttons import Button, CallbackData, Keyboard, Verb, keyboard
from bot.render.marks import plain
from bot.render.texts import message

MAX_LISTED = 30  # one message; the rest are counted


def _at(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def invites_text(invites: list[OpenInvite], *, tz: tzinfo, lang: str = "zh") -> str:
    """The open invites, one line each, or that there are none."""
    if not invites:
        return message("invites_none", lang)
    lines = [message("invites_title", lang, count=len(invites))]
    for invite in invites[:MAX_LISTED]:
        role = message("invite_role_head" if invite.head else "invite_role_contact", lang)
        lines.append(
            message(
                "invites_line",
                lang,
                id=invite.id,
                unit=plain(invite.unit),
                role=role,
                by=invite.created_by,
                expires=_at(invite.expires_at, tz),
            )
        )
    if len(invites) > MAX_LISTED:
        lines.append(message("invites_more", lang, count=len(invites) - MAX_LISTED))
    lines.append(message("invites_hint", lang))
    return "\n".join(lines)


def invite_buttons(invites: list[OpenInvite], *, lang: str = "zh") -> Keyboard:
    """A Cancel button per listed invite."""
    return keyboard(
        *(
            [
                Button(
                    message("invites_cancel_button", lang, id=i.id),
                    CallbackData(Verb.INVITE_CANCEL, str(i.id)),
                )
            ]
            for i in invites[:MAX_LISTED]
        )
    )


def invite_cancelled_text(invite: OpenInvite, *, lang: str = "zh") -> str:
    role = message("invite_role_head" if invite.head else "invite_role_contact", lang)
    return message("invite_cancelled", lang, id=invite.id, unit=plain(invite.unit), role=role)


def unbound_text(unbound: Unbound, *, lang: str = "zh") -> str:
    role = message("invite_role_head" if unbound.was_head else "invite_role_contact", lang)
    return message(
        "revoke_unbound",
        lang,
        name=plain(unbound.name or str(unbound.user_id)),
        user_id=unbound.user_id,
        unit=plain(unbound.unit),
        role=role,
    )
