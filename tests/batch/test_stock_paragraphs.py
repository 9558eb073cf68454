"""Stock paragraphs: boilerplate repeated across one site's articles is found, per site."""

from __future__ import annotations

import pytest

from copydesk.batch.stock_paragraphs import find_stock_paragraphs
from copydesk.errors import InputError

BOILERPLATE = (
    "In conclusion, the situation remains fluid and it is important for readers to stay informed "
    "about the latest developments as authorities continue to monitor events closely."
)
REWORDED = (
    "In conclusion, the situation remains fluid and it is important for readers to stay informed "
    "about the latest developments as the authorities continue to monitor events closely."
)
STORIES = [
    "The county fire service said crews were called to the warehouse on Mill Road shortly after "
    "midnight and had the blaze under control within two hours.",
    "Shares in the regional bank fell nine percent on Thursday after it reported a larger than "
    "expected loss on commercial property loans in the third quarter.",
    "The school board voted to delay the start of the new timetable until January, citing a "
    "shortage of bus drivers across the district this autumn.",
    "A new cycle lane on the bridge will open next month, the transport department said, after "
    "two years of delays caused by a dispute with the contractor.",
]


def farm_rows():
    return [
        ("farm.example", "a1", [STORIES[0], BOILERPLATE]),
        ("farm.example", "a2", [STORIES[1], REWORDED]),
        ("farm.example", "a3", [STORIES[2], "Share this article", BOILERPLATE]),
        ("news.example", "b1", [STORIES[3], BOILERPLATE]),  # another site: compared separately
    ]


def test_a_reworded_boilerplate_paragraph_across_three_articles_is_found():
    found = find_stock_paragraphs(farm_rows())
    assert list(found) == ["farm.example"]
    [stock] = found["farm.example"]
    assert stock.text == BOILERPLATE
    assert stock.articles == ("a1", "a2", "a3")
    assert stock.occurrences == (("a1", 1), ("a2", 1), ("a3", 2))
    assert 0.8 <= stock.min_similarity < 1.0


def test_min_articles_and_threshold_are_respected():
    assert find_stock_paragraphs(farm_rows(), min_articles=4) == {}
    strict = find_stock_paragraphs(farm_rows(), threshold=1.0, min_articles=2)
    assert strict["farm.example"][0].articles == ("a1", "a3")


def test_distinct_stories_and_short_lines_are_not_stock():
    rows = [("site", f"s{i}", [story, "Share this article"]) for i, story in enumerate(STORIES)]
    assert find_stock_paragraphs(rows, min_articles=2) == {}


def test_a_paragraph_repeated_inside_one_article_counts_once():
    rows = [("site", "only", [BOILERPLATE, BOILERPLATE, BOILERPLATE])]
    assert find_stock_paragraphs(rows, min_articles=2) == {}


@pytest.mark.parametrize(
    "row, problem",
    [
        (("site", "a1"), "triple"),
        (("", "a1", []), "site"),
        (("site", None, []), "article_id"),
        (("site", "a1", "one string"), "sequence of strings"),
        (("site", "a1", ["ok", 3]), "sequence of strings"),
    ],
)
def test_bad_rows_are_input_errors_naming_the_row(row, problem):
    with pytest.raises(InputError, match=f"row 0.*{problem}"):
        find_stock_paragraphs([row])


def test_bad_parameters_are_input_errors():
    with pytest.raises(InputError, match="threshold"):
        find_stock_paragraphs([], threshold=0)
    with pytest.raises(InputError, match="min_articles"):
        find_stock_paragraphs([], min_articles=1)


def test_copies_spun_with_different_one_word_swaps_join_one_group():
    swaps = [("situation", "matter"), ("readers", "people"), ("latest", "newest"), ("closely", "carefully")]
    rows = [
        ("farm.example", f"a{i}", [STORIES[i % len(STORIES)], BOILERPLATE.replace(old, new, 1)])
        for i, (old, new) in enumerate(swaps)
    ]
    [stock] = find_stock_paragraphs(rows)["farm.example"]
    assert stock.articles == ("a0", "a1", "a2", "a3")
