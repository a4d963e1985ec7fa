"""The open-data catalogue in DCAT (DCAT-AP 2 where it says what is mandatory), for harvesters such as CKAN's
ckanext-dcat: one `dcat:Dataset` per published dataset per province, each with its distributions (CSV, JSON,
GeoJSON) conforming to its Table Schema.

Satu Data Indonesia's metadata (kode_wilayah, walidata, konsep, definisi, satuan, ukuran, sumber) has no
published RDF vocabulary; Selaras writes it with its own namespace `SATUDATA` (documented in docs/open-data.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from selaras.opendata.datasets import Dataset, Table
from selaras.opendata.distributions import FORMATS, formats_of

SATUDATA = Namespace("https://w3id.org/selaras/satudata#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
FILE_TYPES = {"csv": "CSV", "json": "JSON", "geojson": "GEOJSON"}

JSONLD_CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "locn": str(LOCN),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "satudata": str(SATUDATA),
}


@dataclass(frozen=True)
class Publisher:
    """The producing office of a province (its walidata) and how to reach it."""

    province_code: str
    province_name: str
    name: str
    email: str
    licence_url: str
    bbox: tuple[float, float, float, float] | None  # min lng, min lat, max lng, max lat


@dataclass(frozen=True)
class Entry:
    """One published dataset of one province, with what the catalogue says about it."""

    dataset: Dataset
    publisher: Publisher
    table: Table
    issued: datetime | None
    is_sample: bool


def _bind(graph: Graph) -> None:
    for prefix, namespace in JSONLD_CONTEXT.items():
        graph.bind(prefix, Namespace(namespace))
    graph.bind("gsp", GSP)
    graph.bind("adms", ADMS)


def _bilingual(graph: Graph, subject: Any, predicate: Any, msg: Any) -> None:
    graph.add((subject, predicate, Literal(msg.id, lang="id")))
    graph.add((subject, predicate, Literal(msg.en, lang="en")))


def _when(value: date | datetime) -> Literal:
    if isinstance(value, datetime):
        return Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def dataset_identifier(province_code: str, key: str) -> str:
    """Stable across host names, so a harvester keeps one record per dataset."""
    return f"selaras-{province_code}-{key}"


def build_graph(entries: list[Entry], *, base_url: str) -> Graph:
    """The catalogue as an RDF graph; `base_url` ends with "/" (the installation's public address)."""
    graph = Graph()
    _bind(graph)
    catalog = URIRef(f"{base_url}data/catalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("Katalog data terbuka Selaras", lang="id")))
    graph.add((catalog, DCTERMS.title, Literal("Selaras open data catalogue", lang="en")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "Data terbuka yang diterbitkan provinsi melalui Selaras (Satu Data Indonesia).", lang="id"
            ),
        )
    )
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal("Open data published by provinces through Selaras (Satu Data Indonesia).", lang="en"),
        )
    )
    graph.add((catalog, FOAF.homepage, URIRef(base_url)))
    graph.add((catalog, DCTERMS.language, URIRef(EU_LANGUAGE + "IND")))
    graph.add((catalog, DCTERMS.language, URIRef(EU_LANGUAGE + "ENG")))
    catalog_publisher = URIRef(f"{base_url}data/catalog#publisher")
    graph.add((catalog_publisher, RDF.type, FOAF.Agent))
    graph.add((catalog_publisher, FOAF.name, Literal("Selaras")))
    graph.add((catalog, DCTERMS.publisher, catalog_publisher))
    latest: list[datetime] = []
    for entry in entries:
        dataset_node = _dataset(graph, entry, base_url=base_url)
        graph.add((catalog, DCAT.dataset, dataset_node))
        latest.extend(d for d in (entry.table.modified, entry.issued) if d)
    if latest:
        graph.add((catalog, DCTERMS.modified, _when(max(latest))))
    return graph


def _publisher(graph: Graph, publisher: Publisher, base_url: str) -> URIRef:
    node = URIRef(f"{base_url}data/{publisher.province_code}#publisher")
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, FOAF.name, Literal(publisher.name)))
    return node


def _dataset(graph: Graph, entry: Entry, *, base_url: str) -> URIRef:
    dataset, publisher, table = entry.dataset, entry.publisher, entry.table
    code = publisher.province_code
    node = URIRef(f"{base_url}data/{code}/{dataset.key}")
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(dataset_identifier(code, dataset.key))))
    title_suffix = f" - {publisher.province_name}" + (" [CONTOH]" if entry.is_sample else "")
    graph.add((node, DCTERMS.title, Literal(dataset.title.id + title_suffix, lang="id")))
    graph.add((node, DCTERMS.title, Literal(dataset.title.en + title_suffix, lang="en")))
    _bilingual(graph, node, DCTERMS.description, dataset.description)
    graph.add((node, DCTERMS.publisher, _publisher(graph, publisher, base_url)))
    contact = BNode(f"contact-{code}-{dataset.key}")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(publisher.name)))
    if publisher.email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{publisher.email}")))
    graph.add((node, DCAT.contactPoint, contact))
    for keyword in dataset.keywords:
        _bilingual(graph, node, DCAT.keyword, keyword)
    for theme in dataset.themes:
        graph.add((node, DCAT.theme, URIRef(theme)))
    licence = URIRef(publisher.licence_url or CC_BY_4)
    graph.add((node, DCTERMS.license, licence))
    if entry.issued:
        graph.add((node, DCTERMS.issued, _when(entry.issued)))
    if table.modified:
        graph.add((node, DCTERMS.modified, _when(table.modified)))
    frequency = URIRef(dataset.accrual_periodicity)
    graph.add((frequency, RDF.type, DCTERMS.Frequency))
    graph.add((node, DCTERMS.accrualPeriodicity, frequency))
    if table.temporal:
        period = BNode(f"period-{code}-{dataset.key}")
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, _when(table.temporal[0])))
        graph.add((period, DCAT.endDate, _when(table.temporal[1])))
        graph.add((node, DCTERMS.temporal, period))
    place = URIRef(f"{base_url}data/{code}#wilayah")
    graph.add((place, RDF.type, DCTERMS.Location))
    graph.add((place, SKOS.prefLabel, Literal(publisher.province_name, lang="id")))
    graph.add((place, DCTERMS.identifier, Literal(code)))
    if publisher.bbox:
        west, south, east, north = publisher.bbox
        wkt = f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))"
        graph.add((place, DCAT.bbox, Literal(wkt, datatype=GSP.wktLiteral)))
    graph.add((node, DCTERMS.spatial, place))
    graph.add((node, DCTERMS.language, URIRef(EU_LANGUAGE + "IND")))
    # Satu Data Indonesia (Perpres 39/2019) metadata.
    graph.add((node, SATUDATA.kodeWilayah, Literal(code)))
    graph.add((node, SATUDATA.walidata, Literal(publisher.name)))
    graph.add((node, SATUDATA.konsep, Literal(dataset.konsep, lang="id")))
    graph.add((node, SATUDATA.definisi, Literal(dataset.definisi, lang="id")))
    graph.add((node, SATUDATA.satuan, Literal(dataset.satuan, lang="id")))
    graph.add((node, SATUDATA.ukuran, Literal(dataset.ukuran, lang="id")))
    graph.add((node, SATUDATA.sumber, Literal(dataset.sumber, lang="id")))
    schema = URIRef(f"{base_url}data/{code}/{dataset.key}.schema.json")
    graph.add((schema, RDF.type, DCTERMS.Standard))
    graph.add((schema, DCTERMS.title, Literal("Frictionless Table Schema")))
    for extension in formats_of(dataset):
        media_type, label = FORMATS[extension]
        url = URIRef(f"{base_url}data/{code}/{dataset.key}.{extension}")
        distribution = URIRef(f"{url}#distribution")
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(f"{dataset.title.id} ({label})", lang="id")))
        graph.add((distribution, DCTERMS.title, Literal(f"{dataset.title.en} ({label})", lang="en")))
        graph.add((distribution, DCAT.accessURL, url))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.mediaType, URIRef(IANA_MEDIA_TYPE + media_type)))
        graph.add((distribution, DCTERMS.format, URIRef(EU_FILE_TYPE + FILE_TYPES[extension])))
        graph.add((distribution, DCTERMS.conformsTo, schema))
        graph.add((distribution, DCTERMS.license, licence))
        if entry.issued:
            graph.add((distribution, DCTERMS.issued, _when(entry.issued)))
        if table.modified:
            graph.add((distribution, DCTERMS.modified, _when(table.modified)))
        graph.add((node, DCAT.distribution, distribution))
    return node


def as_jsonld(graph: Graph) -> bytes:
    return graph.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1).encode("utf-8")


def as_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle").encode("utf-8")
