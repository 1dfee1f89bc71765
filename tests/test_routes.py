"""HTTP pages and the JSON API, through Flask's test client."""

import re

import pytest

from harness.clients import join
from workshop.storage import db as store


def api(workshop, path=""):
    return f"/api/w/{workshop['code']}{path}"


def test_join_page_shows_privacy_note_and_roles_and_joins_by_form(client, workshop):
    page = client.get(f"/j/{workshop['code']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "We do not ask your name" in html
    assert "Person who receives care and support" in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    refused = client.post(f"/j/{workshop['code']}", data={"role": "carer"})
    assert refused.status_code == 403
    joined = client.post(f"/j/{workshop['code']}", data={"role": "carer", "csrf_token": token})
    assert joined.status_code == 302 and joined.headers["Location"].endswith(
        f"/w/{workshop['code']}"
    )
    assert client.get(f"/w/{workshop['code']}").status_code == 200


def test_join_form_with_an_unknown_role_explains_and_stores_nothing(client, db, workshop):
    html = client.get(f"/j/{workshop['code']}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post(f"/j/{workshop['code']}", data={"role": "king", "csrf_token": token})
    assert response.status_code == 400
    assert "Please choose who you are" in response.get_data(as_text=True)
    assert store.role_counts(db, workshop["id"]) == {}


def test_a_join_is_an_action_of_the_one_table(client, db, workshop):
    """A join takes the table's field parser: a role that is not text is the
    documented bad_text (as change_role's is), and nobody joins; a good one
    answers as docs/API.md says."""
    for role in (["carer"], {"carer": 1}, 5, True):
        refused = client.post(api(workshop, "/participants"), json={"role": role})
        assert refused.status_code == 400
        assert refused.get_json()["error"]["code"] == "bad_text", role
    assert store.participant_count(db, workshop["id"]) == 0
    joined = client.post(api(workshop, "/participants"), json={"role": "carer"})
    assert joined.status_code == 201
    assert joined.get_json() == {"participant": {"role": "carer"}, "waiting": False}
    assert store.participant_count(db, workshop["id"]) == 1


def test_phone_page_sends_strangers_to_join(client, workshop):
    response = client.get(f"/w/{workshop['code']}")
    assert response.status_code == 302 and "/j/" in response.headers["Location"]


def test_unknown_workshop_code_is_a_clear_404(client):
    assert client.get("/j/NOPE99").status_code == 404
    response = client.post("/api/w/NOPE99/participants", json={"role": "carer"})
    assert response.status_code == 404
    assert "no workshop with that code" in response.get_json()["error"]["message"]


def test_board_shows_qr_and_join_url_and_qr_is_svg(client, workshop):
    html = client.get(f"/board/{workshop['code']}").get_data(as_text=True)
    assert f"/j/{workshop['code']}" in html and "qr.svg" in html
    svg = client.get(f"/w/{workshop['code']}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data and b"<script" not in svg.data


def test_pages_carry_security_headers_and_no_inline_script(client, workshop):
    for path in (
        "/",
        f"/j/{workshop['code']}",
        f"/board/{workshop['code']}",
        f"/console/{workshop['code']}",
    ):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
        )
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.get_data(as_text=True))


def test_socket_io_client_is_served_from_node_modules(client):
    with client.get("/vendor/socket.io.min.js") as response:
        assert response.status_code == 200 and b"Socket.IO" in response.data
    assert client.get("/vendor/../../etc/passwd").status_code == 404


def test_api_flow_join_idea_vote_withdraw(client, db, workshop, open_question):
    join(client, workshop, "person_receiving_care")
    idea = client.post(
        api(workshop, "/ideas"),
        json={
            "question_id": open_question["id"],
            "text": "Paid jobs",
            "client_id": "idea-client-1",
        },
    )
    assert idea.status_code == 201
    again = client.post(
        api(workshop, "/ideas"),
        json={
            "question_id": open_question["id"],
            "text": "Paid jobs",
            "client_id": "idea-client-1",
        },
    )
    assert again.status_code == 200 and again.get_json()["duplicate"] is True
    idea_id = idea.get_json()["idea"]["id"]
    vote = client.post(
        api(workshop, "/votes"), json={"idea_id": idea_id, "client_id": "vote-client-1"}
    )
    assert vote.status_code == 201 and vote.get_json()["votes_left"] == 2
    twice = client.post(api(workshop, "/votes"), json={"idea_id": idea_id})
    assert twice.status_code == 409
    back = client.delete(api(workshop, "/votes/vote-client-1"))
    assert back.status_code == 200
    snapshot = client.get(api(workshop, "/snapshot")).get_json()
    assert snapshot["me"] == {"role": "person_receiving_care", "votes": [], "theme_votes": []}
    assert snapshot["ideas"][0]["expert_by_experience"] is True
    assert "facilitator_key" not in str(snapshot) and workshop["facilitator_key"] not in str(
        snapshot
    )


def test_api_refuses_bad_input_with_clear_json_errors(client, db, workshop, open_question):
    join(client, workshop, "provider")
    before = store.last_seq(db, workshop["id"])
    cases = [
        ({"question_id": open_question["id"], "text": ""}, 400, "empty"),
        ({"question_id": open_question["id"], "text": "x" * 501}, 400, "too_long"),
        ({"question_id": 99999, "text": "x"}, 404, "not_found"),
        ({"question_id": "1", "text": "x"}, 400, "bad_id"),
    ]
    for body, status, code in cases:
        response = client.post(api(workshop, "/ideas"), json=body)
        assert response.status_code == status, body
        assert response.get_json()["error"]["code"] == code
    not_json = client.post(api(workshop, "/ideas"), data="text=x")
    assert not_json.status_code == 400 and not_json.get_json()["error"]["code"] == "json_required"
    assert store.last_seq(db, workshop["id"]) == before


def test_attendee_must_join_before_writing(client, workshop, open_question):
    response = client.post(
        api(workshop, "/ideas"), json={"question_id": open_question["id"], "text": "x"}
    )
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "not_joined"


def test_cross_site_requests_are_refused(client, workshop, open_question):
    join(client, workshop, "provider")
    response = client.post(
        api(workshop, "/ideas"),
        json={"question_id": open_question["id"], "text": "x"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_facilitator_actions_need_the_key(client, db, workshop):
    question = store.questions_of(db, workshop["id"])[0]
    path = api(workshop, f"/questions/{question['id']}/open")
    assert client.post(path).status_code == 403
    assert client.post(path, headers={"Authorization": "Bearer wrong"}).status_code == 403
    join(client, workshop, "commissioner")
    assert client.post(path).status_code == 403  # an attendee is not a facilitator
    assert client.get(api(workshop, "/export.md")).status_code == 403
    assert store.question_by_id(db, question["id"])["status"] == "waiting"
    ok = client.post(path, headers={"Authorization": f"Bearer {workshop['facilitator_key']}"})
    assert ok.status_code == 200 and ok.get_json()["question"]["status"] == "open"


def test_facilitator_session_from_key_and_another_workshops_key_fails(client, db, workshop):
    from workshop.room import workshops

    other = workshops.create(db, "Other")
    bad = client.post(api(workshop, "/facilitator/session"), json={"key": other["facilitator_key"]})
    assert bad.status_code == 403
    good = client.post(
        api(workshop, "/facilitator/session"), json={"key": workshop["facilitator_key"]}
    )
    assert good.status_code == 200
    question = store.questions_of(db, workshop["id"])[0]
    assert client.post(api(workshop, f"/questions/{question['id']}/open")).status_code == 200
    assert client.post(api(workshop, f"/questions/{question['id']}/open")).status_code == 409
    assert client.post(api(other, f"/questions/{question['id']}/open")).status_code == 403
    roster = client.get(api(workshop, "/roster")).get_json()["roster"]
    assert [r["count"] for r in roster] == [0] * 6


@pytest.mark.parametrize("path", ["/nope", "/api/w/X/nope"])
def test_unknown_paths_get_a_plain_404_without_a_trace(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Traceback" not in response.data


def test_oversized_body_is_refused(client, workshop):
    response = client.post(
        api(workshop, "/participants"), data="x" * 70000, content_type="application/json"
    )
    assert response.status_code == 413


def test_code_form_goes_to_the_join_page_or_explains_on_the_same_form(client, workshop):
    found = client.get(f"/?code={workshop['code'].lower()} ")
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/j/{workshop['code']}")
    unknown = client.get("/?code=NOPE99")
    html = unknown.get_data(as_text=True)
    assert unknown.status_code == 404
    assert "There is no workshop with that code" in html and 'value="NOPE99"' in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    empty = client.get("/?code=")
    assert empty.status_code == 400 and "Please type the workshop code." in empty.get_data(
        as_text=True
    )
    assert client.get("/?code=<b>x</b>").get_data(as_text=True).count("<b>x</b>") == 0
