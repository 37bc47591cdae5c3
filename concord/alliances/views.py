from django.http import HttpRequest, HttpResponse


def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("alliance")
