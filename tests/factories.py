"""factory_boy factories for the models tests build on."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from claims.models import Article, Queue
from claims.text_checks import content_hash


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"reviewer{n}")
    password = factory.django.Password("correct horse battery staple")


class QueueFactory(factory.django.DjangoModelFactory[Queue]):
    class Meta:
        model = Queue

    name = factory.Sequence(lambda n: f"Desk {n}")
    slug = factory.Sequence(lambda n: f"desk-{n}")


class ArticleFactory(factory.django.DjangoModelFactory[Article]):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(
        lambda n: f"Article number {n}. The ministry said unemployment fell to 4.{n % 10}% in 2024."
    )
    source = "example.org"
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.body))


# Two wordings of one claim (the same figures, reordered): matching links them.
RATE_A = (
    "The central bank raised its key interest rate to 21% in October, the highest level since "
    "2003, the bank said in a statement."
)
RATE_B = (
    "Officials confirmed on Monday that the central bank raised its key interest rate to 21% in "
    "October, the highest level since 2003."
)
