"""With production settings (DEBUG off) there is no demo mode, even with the demo loaded (the production
stage loads it with --force): the sign-in page lists no demo login and there is no tour."""

from ostrom.demo.collective import DEMO_DOMAIN, DEMO_PASSWORD


def test_the_sign_in_page_lists_no_demo_login_and_there_is_no_tour(production_site):
    visitor = production_site.visitor()

    sign_in = visitor.get("/sign-in/")
    home = visitor.get("/")
    tour = visitor.get("/tour/")

    assert sign_in.status == 200 and home.status == 200, production_site.log()
    for page in (sign_in, home):
        assert f"@{DEMO_DOMAIN}" not in page.text
        assert DEMO_PASSWORD not in page.text
        assert "/tour/" not in page.text
    assert tour.status == 404
    # The demo is loaded: its logins would be there if demo mode were on.
    assert visitor.sign_in(f"coordinator@{DEMO_DOMAIN}", DEMO_PASSWORD).status == 302
