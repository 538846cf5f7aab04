from ninja import Router, Schema

from ostrom.accounts.api_auth import signed_in

router = Router(tags=["me"], auth=signed_in)


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[str]


@router.get("/", response=MeOut, summary="The person calling")
def me(request):
    user = request.auth
    return {
        "email": user.email,
        "full_name": user.full_name,
        "roles": [str(role) for role in user.roles.all()],
    }
