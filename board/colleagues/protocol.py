"""The steps of a "looking at student work" conversation, in order, and who speaks in each."""
from __future__ import annotations

from dataclasses import dataclass

PRESENTER = "presenter"
COLLEAGUES = "colleagues"
EVERYONE = "everyone"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    #: what the step is for, as the page says it to the people in it
    purpose: str
    #: who adds to it: the presenter, the colleagues, or everyone
    speakers: str
    #: the composer's label in this step
    prompt: str


STEPS = (
    Step("framing", "Framing question",
         "The presenter says what they want to learn from this work, and gives any context colleagues need.",
         PRESENTER, "Add context"),
    Step("clarifying", "Clarifying questions",
         "Short questions of fact, with brief answers from the presenter: what was the task, how long did it take?",
         EVERYONE, "Ask a clarifying question"),
    Step("probing", "Probing questions",
         "Questions that help the presenter think further about the framing question. The presenter listens.",
         COLLEAGUES, "Ask a probing question"),
    Step("warm", "Warm feedback",
         "What works in this piece, and what the student shows they understand.",
         COLLEAGUES, "Add warm feedback"),
    Step("cool", "Cool feedback",
         "Gaps, questions and possibilities, offered as wonderings about the work, never about the student.",
         COLLEAGUES, "Add cool feedback"),
    Step("reflection", "The presenter’s reflection",
         "The presenter says what they heard, what surprised them and what they will try next. Colleagues listen.",
         PRESENTER, "Add your reflection"),
)
BY_KEY = {step.key: step for step in STEPS}
FIRST = STEPS[0].key


def step_after(key: str) -> Step | None:
    """Return the step that follows this one, or None after the last."""
    index = [step.key for step in STEPS].index(key)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def step_before(key: str) -> Step | None:
    """Return the step before this one, or None before the first."""
    index = [step.key for step in STEPS].index(key)
    return STEPS[index - 1] if index > 0 else None


def may_speak(step: Step, is_presenter: bool) -> bool:
    """Tell whether the presenter (or a colleague) adds to this step."""
    if step.speakers == EVERYONE:
        return True
    return is_presenter == (step.speakers == PRESENTER)
