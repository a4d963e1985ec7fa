"""The DCAT catalogue: rdflib reads both serializations, every published dataset is in it with its distributions,
and the DCAT-AP mandatory properties are there (what ckanext-dcat's harvester needs; ckanext-dcat itself needs
a CKAN installation, so its profile is not run here)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from selaras.opendata import publication
from selaras.opendata.catalog import SATUDATA, VCARD
from selaras.opendata.datasets import REGISTRY

pytestmark = pytest.mark.django_db


def _graph(path: str, fmt: str) -> Graph:
    response = Client().get(path)
    assert response.status_code == 200
    graph = Graph()
    graph.parse(data=response.content, format=fmt)
    return graph


@pytest.mark.parametrize(
    ("path", "fmt"), [("/data/catalog.jsonld", "json-ld"), ("/data/catalog.ttl", "turtle")]
)
def test_every_published_dataset_is_in_the_catalogue_with_its_distributions(
    published_sample: None, path: str, fmt: str
) -> None:
    graph = _graph(path, fmt)
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):  # DCAT-AP mandatory
        assert graph.value(catalog, predicate) is not None
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset))
    assert {str(graph.value(d, DCTERMS.identifier)) for d in datasets} == {
        f"selaras-64-{k}" for k in REGISTRY
    }
    for node in datasets:
        key = str(node).rsplit("/", 1)[1]
        for predicate in (
            DCTERMS.title,
            DCTERMS.description,
            DCTERMS.publisher,
            DCAT.contactPoint,
            DCAT.keyword,
            DCAT.theme,
            DCTERMS.license,
            DCTERMS.issued,
            DCTERMS.accrualPeriodicity,
            DCTERMS.temporal,
            DCTERMS.spatial,
            DCTERMS.language,
            SATUDATA.kodeWilayah,
            SATUDATA.walidata,
            SATUDATA.konsep,
            SATUDATA.definisi,
            SATUDATA.satuan,
            SATUDATA.ukuran,
            SATUDATA.sumber,
        ):
            assert graph.value(node, predicate) is not None, (key, predicate)
        assert {t.language for t in graph.objects(node, DCTERMS.title)} == {"id", "en"}
        assert (graph.value(node, DCTERMS.publisher), RDF.type, FOAF.Agent) in graph
        assert graph.value(graph.value(node, DCAT.contactPoint), VCARD.fn) is not None
        assert str(graph.value(node, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"
        assert str(graph.value(node, SATUDATA.kodeWilayah)) == "64"
        distributions = list(graph.objects(node, DCAT.distribution))
        assert len(distributions) == (3 if REGISTRY[key].geographic else 2)
        for distribution in distributions:
            url = graph.value(distribution, DCAT.downloadURL)
            assert graph.value(distribution, DCAT.accessURL) == url  # DCAT-AP mandatory
            assert graph.value(distribution, DCAT.mediaType) is not None
            assert graph.value(distribution, DCTERMS.format) is not None
            assert str(graph.value(distribution, DCTERMS.conformsTo)).endswith(f"/data/64/{key}.schema.json")
            path_of_file = str(url).split("://", 1)[1].split("/", 1)[1]
            assert Client().get("/" + path_of_file).status_code == 200


def test_an_unpublished_dataset_is_not_in_the_catalogue(published_sample: None, province_admin: Any) -> None:
    publication.publication_set(actor=province_admin, province_code="64", key="agreements", published=False)
    graph = _graph("/data/catalog.ttl", "turtle")
    identifiers = {str(graph.value(d, DCTERMS.identifier)) for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert "selaras-64-agreements" not in identifiers
    assert "selaras-64-plan-targets" in identifiers


def test_an_empty_installation_has_an_empty_catalogue(db: Any) -> None:
    graph = _graph("/data/catalog.jsonld", "json-ld")
    assert list(graph.subjects(RDF.type, DCAT.Dataset)) == []
    assert len(list(graph.subjects(RDF.type, DCAT.Catalog))) == 1


def test_the_province_licence_and_publisher_replace_the_defaults(published_sample: None) -> None:
    from selaras.opendata.models import PortalSettings

    PortalSettings.objects.create(
        province_id="64",
        publisher_name="Diskominfo Kaltim",
        contact_email="data@example.go.id",
        licence_url="https://opendatacommons.org/licenses/odbl/1-0/",
    )
    graph = _graph("/data/catalog.ttl", "turtle")
    node = URIRef("http://testserver/data/64/agreements")
    assert str(graph.value(node, DCTERMS.license)) == "https://opendatacommons.org/licenses/odbl/1-0/"
    assert str(graph.value(graph.value(node, DCTERMS.publisher), FOAF.name)) == "Diskominfo Kaltim"
    assert (
        str(graph.value(graph.value(node, DCAT.contactPoint), VCARD.hasEmail)) == "mailto:data@example.go.id"
    )


def test_the_catalogue_shows_no_draft_and_labels_the_sample(private_drafts: None) -> None:
    from tests.opendata.conftest import MARKER

    for path in ("/data/catalog.jsonld", "/data/catalog.ttl"):
        assert MARKER not in Client().get(path).content.decode()
    graph = _graph("/data/catalog.ttl", "turtle")
    titles = [str(t) for d in graph.subjects(RDF.type, DCAT.Dataset) for t in graph.objects(d, DCTERMS.title)]
    assert titles and all(t.endswith("[CONTOH]") for t in titles)
