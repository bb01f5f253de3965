"""Team pages: the directory, a team's page (members, roles, questions; its admins' invitations, join link and
requests), the invitation and join-link landings, and the first-run page after sign-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tracker.accounts.models import Membership, User
from tracker.accounts.permissions import teams_of
from tracker.accounts.requests import PageRequest, SignedInRequest
from tracker.lib.forms import add_service_errors
from tracker.lib.limits import RateLimited
from tracker.scenarios.models import Scenario, ScenarioFollow
from tracker.teams.models import Invitation, JoinRequest
from tracker.teams.selectors import access_team, pending_join_requests, team_directory, team_page
from tracker.teams.services import membership as services
from tracker.web.forms import InvitationForm, JoinRequestDecisionForm, JoinRequestForm, MemberRoleForm

TEAM_TEMPLATE = "tracker/team_detail.html"


def teams(request: PageRequest):
    """Every team, with the reader's own first and a way to ask to join the others."""
    mine = set(teams_of(request.user).values_list("pk", flat=True))
    directory = list(team_directory(user=request.user))
    context = {
        "my_teams": [team for team in directory if team.pk in mine],
        "other_teams": [team for team in directory if team.pk not in mine],
    }
    return render(request, "tracker/teams.html", context)


def team_detail(request: PageRequest, slug: str):
    return _team_page(request, access_team(request.user, slug))


def _team_page(request: PageRequest, team, *, status: int = 200, page_error: str = "", **forms):
    """The team page; after a refusal (a 400, or a 403), with the refused form in place or the page-level error.
    Nothing was written."""
    context = {
        "page": team_page(team=team, user=request.user),
        "team": team,
        "invite_form": InvitationForm(prefix="invite"),
        "join_form": JoinRequestForm(prefix="join"),
        "page_error": page_error,
        **forms,
    }
    return render(request, TEAM_TEMPLATE, context, status=status)


def _refused(request: PageRequest, team, error: Exception):
    status = 403 if isinstance(error, PermissionDenied) else 400
    return _team_page(request, team, status=status, page_error=" ".join(getattr(error, "messages", [str(error)])))


@login_required
@require_POST
def team_invite(request: SignedInRequest, slug: str):
    team = access_team(request.user, slug)
    form = InvitationForm(request.POST, prefix="invite")
    if form.is_valid():
        try:
            invitation = services.team_invite(team=team, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            if isinstance(error, RateLimited):
                return _team_page(request, team, status=429, invite_form=form)
        except PermissionDenied as error:
            return _refused(request, team, error)
        else:
            messages.success(request, f"Invitation emailed to {invitation.email}; the link works once, for a week.")
            return redirect("team-detail", slug=slug)
    return _team_page(request, team, status=400, invite_form=form)


def _team_object(model, team, pk):
    obj = model.objects.filter(team=team, pk=pk or 0).first()
    if obj is None:
        raise Http404("Not found in this team.")
    return obj


@login_required
@require_POST
def team_manage(request: SignedInRequest, slug: str):
    """The admin's buttons on the team page: revoke an invitation, create or revoke the join link, decide a join
    request, change a role, remove a member; and any member's Leave."""
    team = access_team(request.user, slug)
    action = request.POST.get("action", "")
    try:
        if action == "revoke-invitation":
            invitation = _team_object(Invitation, team, request.POST.get("invitation"))
            services.invitation_revoke(invitation=invitation, actor=request.user)
            messages.success(request, f"The invitation to {invitation.email} no longer works.")
        elif action == "new-join-link":
            services.join_link_create(team=team, actor=request.user)
            messages.success(request, "A new join link works now; any earlier one stopped working.")
        elif action == "revoke-join-link":
            services.join_links_revoke(team=team, actor=request.user)
            messages.success(request, "The join link no longer works.")
        elif action == "decide-request":
            join_request = _team_object(JoinRequest, team, request.POST.get("join_request"))
            form = JoinRequestDecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.as_text())
            approve = form.cleaned_data["decision"] == "approve"
            services.join_request_decide(
                join_request=join_request, actor=request.user, approve=approve, reason=form.cleaned_data["reason"]
            )
            messages.success(request, f"{join_request.user}: {'approved' if approve else 'declined'}.")
        elif action in ("set-role", "remove", "leave"):
            user = request.user if action == "leave" else _member(team, request.POST.get("user"))
            if action in ("remove", "leave") and request.POST.get("confirmed") != action:
                return _team_page(request, team, confirm=_confirmation(action, team, user))
            if action == "set-role":
                form = MemberRoleForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors.as_text())
                services.member_role_set(team=team, user=user, role=form.cleaned_data["role"], actor=request.user)
                messages.success(request, f"{user} is now {Membership.Role(form.cleaned_data['role']).label}.")
            else:
                services.member_remove(team=team, user=user, actor=request.user)
                if action == "leave":
                    messages.success(request, f"You left {team.name}.")
                    return redirect("teams")
                messages.success(request, f"{user} was removed from {team.name}.")
        else:
            raise ValidationError("Unknown action.")
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, team, error)
    return redirect("team-detail", slug=slug)


def _confirmation(action: str, team, user) -> dict:
    """The second step of a removal (it works without JavaScript): what will happen, and the button that does it."""
    if action == "leave":
        return {
            "action": action,
            "title": f"Leave {team.name}?",
            "text": "Your forecasts stay in the record; the team's questions close to you until an admin adds you again.",
            "button": f"Yes, leave {team.name}",
        }
    return {
        "action": action,
        "user": user,
        "title": f"Remove {user} from {team.name}?",
        "text": f"{user}'s forecasts stay in the record; the team's questions close to them, and they are notified.",
        "button": f"Yes, remove {user}",
    }


def _member(team, user_id) -> User:
    membership = Membership.objects.select_related("user").filter(team=team, user_id=user_id or 0).first()
    if membership is None:
        raise Http404("No such member.")
    return membership.user


@login_required
@require_POST
def team_request_join(request: SignedInRequest, slug: str):
    team = access_team(request.user, slug)
    form = JoinRequestForm(request.POST, prefix="join")
    if form.is_valid():
        try:
            services.join_request_create(team=team, user=request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            add_service_errors(form, error)
            if isinstance(error, RateLimited):
                return _team_page(request, team, status=429, join_form=form)
        else:
            messages.success(request, f"Asked to join {team.name}; its admins are notified.")
            return redirect("team-detail", slug=slug)
    return _team_page(request, team, status=400, join_form=form)


def _link_refused(request: PageRequest, error: Exception):
    """An invitation or join link that cannot be used: the reason, as a 410."""
    return render(request, "tracker/team_invitation.html", {"refused": str(error)}, status=410)


def _forwarded(request: PageRequest, error: Exception):
    """An invitation opened by an account it was not sent to: why, as a 403."""
    return render(request, "tracker/team_invitation.html", {"refused": str(error)}, status=403)


def team_invitation(request: PageRequest, token: str):
    """The link from an invitation email: shows the invitation (GET spends nothing, so mail scanners do no harm);
    a signed-in person accepts with a POST, a new person signs up through the link."""
    try:
        invitation = services.invitation_read(token=token)
    except services.InvitationRefused as error:
        return _link_refused(request, error)
    if not request.user.is_authenticated:
        # Kept for the sign-up (which then joins the team) and the first-run page.
        request.session["invitation_token"] = token
    elif request.method == "POST":
        try:
            services.invitation_accept(token=token, user=request.user)  # it checks the address too
        except services.InvitationForAnotherAddress as error:
            return _forwarded(request, error)
        except services.InvitationRefused as error:
            return _link_refused(request, error)
        request.session.pop("invitation_token", None)
        messages.success(request, f"Welcome to {invitation.team.name}.")
        return redirect("team-detail", slug=invitation.team.slug)
    else:
        try:
            services.invitation_check_address(invitation=invitation, user=request.user)
        except services.InvitationForAnotherAddress as error:
            return _forwarded(request, error)
    context = {"invitation": invitation, "join_link": None, "team": invitation.team, "token": token}
    return render(request, "tracker/team_invitation.html", context)


def team_join(request: PageRequest, token: str):
    """A team's shared join link: signed in, one click joins as a forecaster; signed out, sign in or up first."""
    try:
        link = services.join_link_read(token=token)
    except services.InvitationRefused as error:
        return _link_refused(request, error)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.team_join_by_link(token=token, user=request.user)
        except services.InvitationRefused as error:
            return _link_refused(request, error)
        request.session.pop("join_token", None)
        messages.success(request, f"Welcome to {link.team.name}.")
        return redirect("team-detail", slug=link.team.slug)
    if not request.user.is_authenticated:
        # Kept for the sign-up, which then joins the team as the link would.
        request.session["join_token"] = token
    return render(
        request,
        "tracker/team_invitation.html",
        {"invitation": None, "join_link": link, "team": link.team, "token": token},
    )


@login_required
def welcome(request: SignedInRequest):
    """The first-run page: accept the invitation the person came with, ask to join a team, or follow public
    scenarios; the three roles in one line each."""
    invitation = None
    token = request.session.get("invitation_token")
    if token:
        try:
            invitation = services.invitation_read(token=token)
        except services.InvitationRefused:
            request.session.pop("invitation_token", None)
    mine = set(teams_of(request.user).values_list("pk", flat=True))
    directory = list(team_directory(user=request.user))
    followed = set(ScenarioFollow.objects.filter(user=request.user).values_list("scenario_id", flat=True))
    context = {
        "invitation": invitation,
        "invitation_token": token if invitation else None,
        "my_teams": [team for team in directory if team.pk in mine],
        "joinable": [team for team in directory if team.pk not in mine],
        "asked": {join_request.team_id for join_request in pending_join_requests(user=request.user)},
        "scenarios": Scenario.objects.filter(team=None, status=Scenario.Status.ACTIVE).order_by("title")[:12],
        "followed": followed,
        "join_form": JoinRequestForm(prefix="join"),
    }
    return render(request, "tracker/welcome.html", context)
