from django.http import HttpRequest, HttpResponse


def signup(request: HttpRequest) -> HttpResponse:
    return HttpResponse("signup")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse("invitation")
