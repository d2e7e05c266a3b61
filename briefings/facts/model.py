"""The fact records: the single description of what a fact is.

Every record is frozen and forbids unknown fields, so a typo in a YAML file is an error
rather than a silently ignored key. Reader-facing text is `Localized` (en required,
az and kk optional). Every record but a source cites at least one article, unless it is
an internal record (a meeting the analysts planned themselves).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from briefings.facts.dates import PartialDate

LANGUAGES: tuple[str, ...] = ("en", "az", "kk")
Lang = Literal["en", "az", "kk"]

# How a text names an article: "[src-002]" or "[src-001, src-003]"; a briefing prints the
# numbers its source list gives them ("[3]", "[4, 5]"), never a file's code.
SOURCE_MENTION = re.compile(r"\[(src-[a-z0-9-]+(?:,\s*src-[a-z0-9-]+)*)\]")

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Reject characters that XML 1.0 forbids: python-docx would crash on them later."""
    match = _XML_FORBIDDEN.search(text)
    if match:
        raise ValueError(
            f"contains the control character U+{ord(match.group()):04X}, which documents "
            "cannot hold; delete it"
        )
    return text


Text = Annotated[str, Field(min_length=1), AfterValidator(_xml_safe)]


def _short(text: str) -> str:
    """Keep quotes to anchors: the articles' text itself stays out of the facts base."""
    if len(text.split()) > 12:
        raise ValueError("a quote holds at most 12 words; shorten it")
    return text


Quote = Annotated[str, Field(min_length=1), AfterValidator(_xml_safe), AfterValidator(_short)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Topic = Literal[
    "transport",
    "energy",
    "trade",
    "digital",
    "humanitarian",
    "multilateral",
    "political",
    "security",
    "environment",
    "agriculture",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """Reader-facing text: English always, Azerbaijani and Kazakh where written well."""

    en: Text
    az: Text | None = None
    kk: Text | None = None

    def get(self, lang: str) -> str | None:
        """Return the text in ``lang``, or None when it is not translated."""
        value = getattr(self, lang, None)
        return value if isinstance(value, str) else None


class Citation(Strict):
    """Where in which article a fact is reported."""

    source: Id
    paragraph: int = Field(ge=1, description="paragraph number in the article text, from 1")
    quote: Quote | None = Field(
        default=None, description="verbatim anchor quote from the article, at most 12 words"
    )
    note: Text | None = None


class Inference(Strict):
    """A value the article implies but does not print, with the reasoning behind it.

    The reasoning is shown to readers in a footnote, so it is localized like any text; a
    plain string is its English.
    """

    field: Text
    reasoning: Localized

    @field_validator("reasoning", mode="before")
    @classmethod
    def _english_reasoning(cls, value: Any) -> Any:
        """Accept a plain string as the English reasoning."""
        return {"en": value} if isinstance(value, str) else value


class Reading(Strict):
    value: Text
    source: Id


class Disagreement(Strict):
    """Two articles disagree on a field; both readings are kept, with a note for readers."""

    field: Text
    readings: list[Reading] = Field(min_length=2)
    note: Localized

    @field_validator("note", mode="before")
    @classmethod
    def _english_note(cls, value: Any) -> Any:
        """Accept a plain string as the English note."""
        return {"en": value} if isinstance(value, str) else value


class Record(Strict):
    """Fields every cited fact shares."""

    kind: ClassVar[str] = "record"
    id: Id
    citations: list[Citation] = Field(default_factory=list)
    inferences: list[Inference] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    internal: bool = Field(
        default=False,
        description="an analysts' own record with no article behind it (say, a planned meeting)",
    )
    note: Text | None = None
    updated: PartialDate | None = Field(
        default=None,
        description="when an analyst last changed what this record says (assessments that "
        "rest on it and are older need review)",
    )

    @model_validator(mode="after")
    def _cited(self) -> Record:
        if not self.citations and not self.internal:
            raise ValueError(
                "citations: cite at least one source, or mark an analysts' own record "
                "`internal: true` with a `note`"
            )
        if self.internal and not self.note:
            raise ValueError("note: an internal record needs a note saying who added it and why")
        return self

    def label(self, lang: str = "en") -> str:
        """Return a short human-readable name for listings."""
        return self.id

    def when(self) -> PartialDate | None:
        """Return the date listings sort by, if the record has one."""
        return None

    def references(self) -> dict[str, list[str]]:
        """Return the ids this record points at, by field name, for the reference check."""
        return {}


class Skip(Strict):
    """A paragraph of an article that no record cites on purpose (a byline, a caption)."""

    paragraph: int = Field(ge=1)
    reason: Text


class Source(Strict):
    """An article: the only record that cites nothing, because it is what gets cited."""

    kind: ClassVar[str] = "source"
    id: Id
    outlet: Text
    title: Localized = Field(description="title in the article's language and our translation")
    date: PartialDate = Field(description="publication date")
    language: Literal["en", "az", "kk", "ru"] = Field(description="the article's language")
    file: Text = Field(description="file name of the article text in the sources folder")
    url: Text | None = None
    skip: list[Skip] = Field(
        default_factory=list, description="paragraphs left uncited on purpose, with the reason"
    )
    inferences: list[Inference] = Field(default_factory=list)
    note: Text | None = None

    def label(self, lang: str = "en") -> str:
        return f"{self.outlet}: {self.title.get(self.language) or self.title.en}"

    def when(self) -> PartialDate | None:
        return self.date

    def references(self) -> dict[str, list[str]]:
        return {}


class Role(Strict):
    """A position a person held; from/to are open when the articles do not say."""

    title: Localized
    organization: Id | None = None
    from_: PartialDate | None = Field(default=None, alias="from")
    to: PartialDate | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2 code")]


class Person(Record):
    kind: ClassVar[str] = "person"
    name: Localized
    aliases: list[Text] = Field(default_factory=list)
    country: Country
    roles: list[Role] = Field(default_factory=list)

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.en

    def references(self) -> dict[str, list[str]]:
        return {"roles.organization": [r.organization for r in self.roles if r.organization]}


class Organization(Record):
    kind: ClassVar[str] = "organization"
    name: Localized
    abbreviation: Localized | None = None
    country: Country | None = Field(default=None, description="None for international bodies")
    type: Literal[
        "state",
        "government",
        "ministry",
        "embassy",
        "parliament",
        "think-tank",
        "media",
        "company",
        "international",
        "fund",
        "ngo",
        "other",
    ]
    parent: Id | None = None

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.en

    def references(self) -> dict[str, list[str]]:
        return {"parent": [self.parent] if self.parent else []}


FULFILLED_BY = "the later event that carried out or superseded this plan; it then leaves Next steps"


class Participant(Strict):
    person: Id
    role: Localized | None = Field(default=None, description="role at this event")


class Event(Record):
    kind: ClassVar[str] = "event"
    type: Literal["meeting", "round-table", "visit", "summit", "forum", "signing", "other"]
    title: Localized
    date: PartialDate | None = None
    place: Localized | None = None
    format: Literal["in-person", "hybrid", "online"] | None = None
    participants: list[Participant] = Field(default_factory=list)
    organizers: list[Id] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    status: Literal["held", "planned", "proposed"]
    summary: Localized | None = None
    objectives: list[Localized] = Field(
        default_factory=list,
        description="the analysis unit's own objectives for this meeting (analyst-written, "
        "not from the articles); shown in a box on page 1 of the meeting note",
    )
    fulfilled_by: Id | None = Field(default=None, description=FULFILLED_BY)

    def label(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.en

    def when(self) -> PartialDate | None:
        return self.date

    def references(self) -> dict[str, list[str]]:
        return {
            "participants.person": [p.person for p in self.participants],
            "organizers": list(self.organizers),
            **({"fulfilled_by": [self.fulfilled_by]} if self.fulfilled_by else {}),
        }


class Statement(Record):
    kind: ClassVar[str] = "statement"
    type: Literal["assessment", "proposal", "thanks", "condolences", "position", "announcement"]
    speakers: list[Id] = Field(min_length=1, description="people or organizations")
    event: Id | None = None
    date: PartialDate | None = None
    summary: Localized
    topics: list[Topic] = Field(default_factory=list)
    quote: Quote | None = Field(default=None, description="short verbatim quote, at most 12 words")

    def label(self, lang: str = "en") -> str:
        return self.summary.get(lang) or self.summary.en

    def when(self) -> PartialDate | None:
        return self.date

    def references(self) -> dict[str, list[str]]:
        return {"speakers": list(self.speakers), "event": [self.event] if self.event else []}


class Change(Strict):
    """How a figure moved against an earlier value."""

    value: Decimal
    unit: Literal["percent", "times", "absolute"]
    against: Text = Field(description="the earlier period or value compared with")


Period = Annotated[
    str,
    BeforeValidator(lambda value: str(value) if isinstance(value, int) else value),
    Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$",
        description="ISO 8601 date or interval: 2024, 2024-12, 2020/2025",
    ),
]


class Figure(Record):
    kind: ClassVar[str] = "figure"
    metric: Text = Field(description="stable key: figures with one metric and period must agree")
    label_: Localized = Field(alias="label", description="what the figure measures")
    value: Decimal
    unit: Literal["USD", "EUR", "AZN", "KZT", "percent", "times", "count", "tonnes"]
    counted: Localized | None = Field(default=None, description="what a count counts")
    period: Period
    qualifier: Literal["exact", "approximately", "more-than", "less-than", "up-to"] = "exact"
    change: Change | None = None
    event: Id | None = None
    topics: list[Topic] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def label(self, lang: str = "en") -> str:
        return self.label_.get(lang) or self.label_.en

    def references(self) -> dict[str, list[str]]:
        return {"event": [self.event] if self.event else []}


class Project(Record):
    kind: ClassVar[str] = "project"
    name: Localized
    type: Literal[
        "corridor",
        "infrastructure",
        "telecom",
        "energy",
        "fund",
        "programme",
        "initiative",
        "other",
    ]
    status: Literal["proposed", "planned", "under-way", "completed", "operational"]
    target: PartialDate | None = Field(default=None, description="target completion date")
    partners: list[Id] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    summary: Localized | None = None
    fulfilled_by: Id | None = Field(default=None, description=FULFILLED_BY)

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.en

    def when(self) -> PartialDate | None:
        return self.target

    def references(self) -> dict[str, list[str]]:
        done = {"fulfilled_by": [self.fulfilled_by]} if self.fulfilled_by else {}
        return {"partners": list(self.partners), **done}


class Agreement(Record):
    kind: ClassVar[str] = "agreement"
    title: Localized
    parties: list[Id] = Field(min_length=1)
    date: PartialDate | None = None
    event: Id | None = None
    status: Literal["proposed", "planned", "signed", "ratified", "in-force"]
    topics: list[Topic] = Field(default_factory=list)
    summary: Localized | None = None

    def label(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.en

    def when(self) -> PartialDate | None:
        return self.date

    def references(self) -> dict[str, list[str]]:
        return {"parties": list(self.parties), "event": [self.event] if self.event else []}


class Assessment(Record):
    """A judgement the desk writes, resting on named facts; never an article's words.

    It is always internal (no citation of its own): its footnote cites what it rests on.
    `check` warns when one of those facts changed after the assessment's date.
    """

    kind: ClassVar[str] = "assessment"
    internal: bool = True
    author: Localized = Field(description="who wrote it: a desk or an analyst")
    date: PartialDate = Field(description="when it was written or last reviewed")
    rests_on: list[Id] = Field(min_length=1, description="ids of the facts it rests on")
    text: Localized
    topics: list[Topic] = Field(default_factory=list)
    rank: int = Field(default=100, ge=1, description="order among key judgements, 1 first")

    @field_validator("author", mode="before")
    @classmethod
    def _english_author(cls, value: Any) -> Any:
        """Accept a plain string as the author's English name."""
        return {"en": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _cited(self) -> Assessment:
        if not self.internal or self.citations:
            raise ValueError(
                "internal: an assessment is the desk's own judgement; keep `internal: true`, "
                "no citations, and list what it rests on in `rests_on`"
            )
        return self

    def label(self, lang: str = "en") -> str:
        return self.text.get(lang) or self.text.en

    def when(self) -> PartialDate | None:
        return self.date

    def references(self) -> dict[str, list[str]]:
        return {"rests_on": list(self.rests_on)}


Fact = (
    Source | Person | Organization | Event | Statement | Figure | Project | Agreement | Assessment
)

# The top-level keys of a fact file and the record each holds, in reading order.
SECTIONS: dict[str, type[Any]] = {
    "sources": Source,
    "people": Person,
    "organizations": Organization,
    "events": Event,
    "statements": Statement,
    "figures": Figure,
    "projects": Project,
    "agreements": Agreement,
    "assessments": Assessment,
}
KINDS: dict[str, type[Any]] = {model.kind: model for model in SECTIONS.values()}


class FactFile(Strict):
    """One YAML file of the facts base: any of the sections, each a list of records."""

    sources: list[Source] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    assessments: list[Assessment] = Field(default_factory=list)
