"""Excerpts of one story cut at different places are copies; reports sharing a few quoted
sentences mid-text are not. Invented texts only."""
from conftest import link_copies, sentence_article

from storyledger.link import copies
from storyledger.settings import DEFAULT
from storyledger.store.db import Database

STORY = [
    "Rescuers in the mountain village of Korvella pulled three hikers from a collapsed mine shaft on Sunday evening.",
    "The hikers, two brothers and a cousin from the coastal city of Tamsen, had been missing since Friday afternoon.",
    "Regional police chief Amelie Drosset said the group had left the marked trail to photograph abandoned machinery.",
    "A shepherd heard their calls on Sunday morning and alerted the mountain rescue service by radio.",
    "Twenty volunteers worked for six hours to widen the shaft entrance with hand tools and climbing ropes.",
    "The youngest hiker was flown to the district hospital with a broken ankle and mild hypothermia.",
    "The other two walked down to the village with rescuers and were reunited with their parents.",
    "The mine closed in 1974 and its entrances were sealed, but heavy spring rains had opened new holes.",
    "Drosset urged walkers to stay on marked paths until geologists have surveyed the whole valley.",
]

# a page whose market ticker and related links came first: the excerpt holds the story's start only
TICKER = [
    "Markets today: the regional index gained sharply after strong quarterly results from the banks.",
    "Related stories: heavy spring rains flood farmland along the northern river valleys again.",
    "Weather outlook: cooler temperatures and scattered showers are expected across the highlands.",
    "Sports round-up: the national cycling team names its squad for the autumn mountain races.",
    "Culture: the summer festival announces a programme of open-air concerts in the old harbour.",
]


def make_article(article_id, paragraphs, published):
    return sentence_article(article_id, "\n\n".join(paragraphs), published=published)


def test_an_excerpt_pushed_down_by_page_furniture_is_a_copy_of_a_longer_excerpt():
    db = Database(":memory:")
    longer = make_article("longer", STORY, "2024-05-06")
    pushed_down = make_article("pushed", TICKER + STORY[:4], "2024-05-07")
    link_copies(db, [longer, pushed_down])
    (link,) = copies.copy_links(db)
    assert (link["article"], link["copy_of"]) == ("pushed", "longer")
    assert len(link["aligned"]) == 4  # of the 9 sentences of the shorter excerpt
    assert link["score"] == 1.0  # all of the stretch the two excerpts share


def test_reports_sharing_three_quoted_sentences_mid_text_are_no_copies():
    shared = STORY[2:5]
    own_start = ["Our correspondent reached Korvella late on Sunday as the last ambulance drove away.",
                 "Villagers gathered outside the small church where the rescue team had set up its base.",
                 "Several of them remembered when the mine still employed most families in the valley."]
    own_end = ["Local councillors want the old galleries filled with concrete before the summer season.",
               "The tourism office says bookings from Tamsen have not suffered despite the dramatic news.",
               "A memorial service for former miners is planned in the village square next month."]
    other_start = ["Three young men owe their lives to a Korvella shepherd and his old radio, writes our reporter.",
                   "Their families had spent two sleepless nights waiting for news in a village guesthouse.",
                   "Mountain rescue teams in the district are mostly volunteers with other day jobs."]
    other_end = ["Insurance companies rarely cover rescue costs for walkers who leave the marked trails.",
                 "The brothers told reporters in Tamsen they would return next year, but with a local guide.",
                 "Geologists from the capital are expected in the valley at the end of the month."]
    one = make_article("one", own_start + shared + own_end, "2024-05-06")
    two = make_article("two", other_start + shared + other_end, "2024-05-07")
    # names and figures enough for the earlier report to be a candidate original, so the alignment decides
    shared_anchors = set(copies.article_anchors(one, None)) & set(copies.article_anchors(two, None))
    assert len(shared_anchors) >= DEFAULT.copies.min_shared_anchors
    db = Database(":memory:")
    link_copies(db, [one, two])
    assert copies.copy_links(db) == []


TEMPLATE = [
    "Floods hit the town of {town} on Monday after {rain} millimetres of rain fell overnight, Mayor {mayor} said.",
    "Emergency services evacuated {homes} homes in the lower districts of {town} as the river burst its banks.",
    "Mayor {mayor} asked residents to avoid the riverside roads until the water level drops again.",
    "The regional weather service expects more heavy rain over the {valley} valley on Tuesday and Wednesday.",
    "Schools in {town} will stay closed for the rest of the week, the education office announced.",
]


def incident(town, mayor, valley, rain, homes):
    return [s.format(town=town, mayor=mayor, valley=valley, rain=rain, homes=homes) for s in TEMPLATE]


def test_two_incidents_told_with_one_template_are_no_copies_but_a_republished_report_is():
    first = incident("Kestrava", "Anselm Dorwick", "Lisk", 120, 340)
    second = incident("Morlaine", "Brigitte Vannec", "Orme", 95, 210)
    db = Database(":memory:")
    link_copies(db, [make_article("kestrava", first, "2024-05-06"), make_article("morlaine", second, "2024-05-20"),
                  make_article("kestrava-again", ["Flood update"] + first, "2024-05-07")])
    assert [(c["article"], c["copy_of"]) for c in copies.copy_links(db)] == [("kestrava-again", "kestrava")]
