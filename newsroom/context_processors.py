from newsroom.language import site_city, site_name


def newsroom(request):
    return {"NEWSROOM_NAME": site_name(), "NEWSROOM_CITY": site_city()}
