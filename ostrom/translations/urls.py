from django.urls import path

from . import views

app_name = "translations"

urlpatterns = [
    path("translations/", views.work, name="work"),
    path("translations/translators/", views.translators, name="translators"),
    path("translations/translators/<int:role_id>/stop/", views.stop_translator, name="stop-translator"),
    path("translations/<str:kind>/<int:pk>/", views.document, name="document"),
    path("translations/<str:kind>/<int:pk>/<str:language>/", views.translate, name="translate"),
]
