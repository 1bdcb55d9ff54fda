"""Named entities from capitalisation and the shipped gazetteer, no model download."""

from __future__ import annotations

from claims.extraction.entities import EntityFinder


def _labels(text: str, finder: EntityFinder | None = None) -> dict[str, str]:
    return {e.text: e.label for e in (finder or EntityFinder()).find(text)}


def test_people_organisations_and_places_are_labelled() -> None:
    text = (
        "A recent Defense Intelligence Agency assessment said Secretary of State Marco Rubio "
        "met officials in Kyiv and Washington."
    )
    assert _labels(text) == {
        "Defense Intelligence Agency": "organisation",
        "Marco Rubio": "person",
        "Kyiv": "place",
        "Washington": "place",
    }


def test_titles_and_demonyms_are_split_off_a_name() -> None:
    labels = _labels("He met Russian President Vladimir Putin and the European Commission.")
    assert labels == {"Vladimir Putin": "person", "European Commission": "organisation"}


def test_a_surname_seen_earlier_is_the_same_person() -> None:
    finder = EntityFinder()
    finder.find("“It is costly,” said Richard Barrons, a former commander.")
    assert _labels("Barrons said the offensive is culminating.", finder) == {"Barrons": "person"}


def test_possessive_is_not_part_of_the_name_and_offsets_slice_the_text() -> None:
    text = "It pushed Finland and Sweden into NATO after Russia’s invasion."
    entities = EntityFinder().find(text)
    assert [(e.text, e.label) for e in entities] == [
        ("Finland", "place"),
        ("Sweden", "place"),
        ("NATO", "organisation"),
        ("Russia", "place"),
    ]
    assert all(text[e.start : e.end] == e.text for e in entities)


def test_capitalised_sentence_opener_is_not_an_entity() -> None:
    assert _labels("Meanwhile, experts expect more assaults this summer.") == {}


def test_a_wire_dateline_gives_its_place_and_agency_but_not_its_month() -> None:
    labels = _labels("KYIV, Nov 24 (Reuters) - Russia fired 73 drones at Ukraine overnight.")
    assert labels == {
        "KYIV": "place",
        "Reuters": "organisation",
        "Russia": "place",
        "Ukraine": "place",
    }


def test_common_acronyms_are_not_organisations_but_unknown_ones_are() -> None:
    labels = _labels("The CEO said GDP fell 2% after HIMARS strikes, ISW reported.")
    assert labels == {"ISW": "organisation"}
