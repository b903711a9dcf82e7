from portal.access.routes import record_urls
from portal.bulletins import views

app_name = "bulletins"
urlpatterns = record_urls(
    views.BulletinListView, views.BulletinCreateView, views.BulletinDetailView, views.BulletinUpdateView
)
