"""factory_boy factories for the domain, shared by every test module.

Factories build rows directly; tests that exercise the rules should go
through ``sources.services`` so derived data is kept current.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sources import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                # get_or_create: transactional tests flush the groups migration 0002 made.
                self.groups.add(Group.objects.get_or_create(name=name)[0])


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Desk
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Desk {n}")
    slug = factory.Sequence(lambda n: f"desk-{n}")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Outlet
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    outlet = factory.SubFactory(OutletFactory)
    headline = factory.Sequence(lambda n: f"Headline {n}")
    published_on = datetime.date(2016, 8, 25)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source
        skip_postgeneration_save = True

    codename = factory.Sequence(lambda n: f"SOURCE-{n}")
    descriptor = "a source in Ryanggang Province"
    region = factory.SubFactory(RegionFactory)
    rollup = factory.RelatedFactory(
        "tests.factories.SourceRollupFactory", factory_related_name="source"
    )


class SourceRollupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SourceRollup


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evidence

    kind = models.Evidence.Kind.TESTIMONY
    summary = factory.Sequence(lambda n: f"Evidence {n}")
    observed_on = datetime.date(2017, 3, 1)
