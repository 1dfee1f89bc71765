"""Words that mean one thing in adult social care, for theme suggestions
(docs/THEMES.md, "Synonyms").

The embedding model knows job, work and employment are near, but barely
relates "lonely" and "isolation", "respite" and "break", "tablet" and
"online", and reads "EV" as nothing. This is the sector's own small thesaurus:
each line a concept and the words and phrases a room uses for it, in
commissioners', providers' and easy-read voices. It is general to care
commissioning (not to any one event or labelled set): the words of the
framework's priorities and outcome kinds, the sector's abbreviations, and
their everyday equivalents.

A concept is only ever an extra token in the words and meaning views: it never
reaches a label, which is built from the members' own shown words.
"""

import functools

# concept: words and phrases (lower case; a phrase is matched word for word).
_CONCEPTS = {
    "employment": """job jobs work working employment employed employ employing
        unemployed unemployment earn earning earnings paid-work paid-job""",
    "recruitment": """recruit recruiting recruitment hire hiring apprentice
        apprentices apprenticeship apprenticeships vacancies vacancy career careers
        job-centre jobcentre""",
    "environment": """environment environmental green nature carbon climate
        emissions pollution sustainable sustainability net-zero eco""",
    "vehicle": """ev evs electric-car electric-cars electric-vehicle
        electric-vehicles e-bike e-bikes ebike ebikes car cars vehicle vehicles
        fleet driving drive mileage miles petrol diesel cycling cycle bike bikes
        walking walk transport bus buses lift-share car-share""",
    "waste": """waste rubbish litter landfill plastic plastics recycle recycling
        recycled reuse bins packaging""",
    "energy": "energy solar panels electricity heating insulation",
    "lonely": """lonely loneliness isolation isolated alone lonliness
        friendship friendships friends friend company companionship befriending
        befriender befrienders""",
    "digital": """digital online internet wifi wi-fi tablet tablets ipad ipads
        computer computers laptop app apps smartphone video-call video-calls zoom
        skype facetime email technology tech""",
    "training": """training train trained course courses learning learn skills
        skill qualification qualifications nvq nvqs induction""",
    "wellbeing": """wellbeing well-being welfare stress stressed burnout
        burn-out mental-health exhausted tired""",
    "pay": """pay paid wage wages salary salaries living-wage real-living-wage
        minimum-wage zero-hours contracts-hours""",
    "respite": "respite short-break short-breaks break breaks rest",
    "volunteer": """volunteer volunteers volunteering voluntary charity
        charities vcse third-sector not-for-profit community-group community-groups
        faith-groups churches""",
    "voice": """voice say listen listened listening heard feedback views opinion
        opinions co-production coproduction co-produce co-design involve involved
        consulted survey surveys""",
    "local": "local locally nearby neighbourhood area kent village town",
    "small": "sme smes small-business small-businesses small-firms micro-providers",
    "continuity": """continuity consistent consistency same-carer same-person
        same-staff same-worker regular familiar""",
    "family": """family families relatives relative parent parents son daughter
        mum dad wife husband partner unpaid-carer unpaid-carers""",
    "activities": """activities activity club clubs outings hobbies day-centre
        day-centres lunch-club social-groups""",
    "accessible": """easy-read accessible plain-english pictures symbols
        large-print makaton bsl""",
}


@functools.cache
def _lookup():
    single, pairs = {}, {}
    for concept, spelled in _CONCEPTS.items():
        for entry in spelled.split():
            parts = entry.split("-")
            if len(parts) == 1:
                single[entry] = concept
            elif len(parts) == 2:
                pairs[tuple(parts)] = concept
                single.setdefault(entry, concept)  # also as one hyphenated token
    return single, pairs


def concepts(words):
    """The care concepts a sequence of lower-case words names, in order, each once."""
    single, pairs = _lookup()
    found = []
    for k, word in enumerate(words):
        hit = single.get(word)
        if k + 1 < len(words):
            hit = pairs.get((word, words[k + 1]), hit) if (word, words[k + 1]) in pairs else hit
        if hit and hit not in found:
            found.append(hit)
    return found
