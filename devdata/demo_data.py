"""The sample newsroom that ``manage.py load_demo`` loads.

Everything here is written for Source Ledger. It is modelled on one Daily NK
report from August 2016 (State Security Department cadres moving 8 kg of
crystal meth from inland North Korea across the border to China, bought at
9,000 RMB/kg and sold at 14,000 RMB/kg for about 40,000 RMB), and spreads a
fictional desk's reporting from 2015 to 2017 around it. People's names, the
second and third outlets and every sentence are invented.

Shapes:

* a claim's ``evidence`` entries are ``(relation, kind, days after the
  article, summary)`` with an optional fifth item of extras (``source`` to say
  the evidence came from one of our sources), or ``(relation, "@key")`` to
  link a shared item from ``SHARED_EVIDENCE``;
* relations are ``C`` corroborates, ``P`` partly corroborates, ``X``
  contradicts, ``N`` context only;
* ``event`` is an ISO date or a ``(start, end)`` pair;
* ``quantities`` are ``(value, unit, label)``.
"""

from __future__ import annotations

PREFIX = "demo:"

OUTLETS = [
    {"slug": "daily-nk", "name": "Daily NK", "homepage": "https://www.dailynk.com/english/"},
    {"slug": "northeast-asia-bulletin", "name": "Northeast Asia Bulletin", "homepage": ""},
    {"slug": "yalu-border-review", "name": "Yalu Border Review", "homepage": ""},
]
HOME_OUTLET = "daily-nk"

REGIONS = [
    ("ryanggang", "Ryanggang Province"),
    ("north-hamgyong", "North Hamgyong Province"),
    ("south-hamgyong", "South Hamgyong Province"),
    ("south-pyongan", "South Pyongan Province"),
    ("north-pyongan", "North Pyongan Province"),
    ("jagang", "Jagang Province"),
    ("pyongyang", "Pyongyang"),
]

TOPICS = [
    ("drug-trade", "Drug trade"),
    ("border-security", "Border security"),
    ("corruption", "Corruption"),
    ("state-security", "State security"),
    ("smuggling", "Smuggling"),
    ("markets", "Markets and prices"),
    ("food", "Food supply"),
    ("foreign-currency", "Foreign currency"),
    ("communications", "Phones and communications"),
    ("defections", "Defections"),
]

DESKS = [
    ("border", "Border desk"),
    ("interior", "Interior desk"),
]

# username, password, role group, desk slug, first name, last name, staff, superuser
USERS = [
    ("editor", "ledger-editor-2016", "editor", None, "Park", "Eun-ji", False, False),
    ("reporter", "ledger-reporter-2016", "reporter", "border", "Han", "Ji-woo", False, False),
    ("reporter2", "ledger-reporter2-2016", "reporter", "interior", "Choi", "Min-seo", False, False),
    ("reporter3", "ledger-reporter3-2016", "reporter", "border", "Seo", "Dae-hyun", False, False),
    ("checker", "ledger-checker-2016", "fact-checker", None, "Yoon", "Hae-rin", False, False),
    ("admin", "ledger-admin-2016", "admin", None, "Ledger", "Admin", True, True),
]

SOURCES = [
    {
        "codename": "PINE",
        "descriptor": "a source in Ryanggang Province",
        "region": "ryanggang",
        "affiliation": "trader",
        "handler": "reporter",
        "desk": "border",
        "first_contact_on": "2014-06-10",
        "real_name": "Ri Myong-suk",
        "contact": "Chinese handset passed through a Changbai courier; calls after 22:00 only",
    },
    {
        "codename": "LARCH",
        "descriptor": "an additional source in Ryanggang Province",
        "region": "ryanggang",
        "affiliation": "security_insider",
        "handler": "reporter",
        "desk": "border",
        "first_contact_on": "2015-02-03",
        "real_name": "Jo Kwang-chol",
        "contact": "Messages relayed by a cousin in Yanji",
    },
    {
        "codename": "GULL",
        "descriptor": "a source in North Hamgyong Province",
        "region": "north-hamgyong",
        "affiliation": "local_resident",
        "handler": "reporter3",
        "desk": "border",
        "first_contact_on": "2014-11-21",
    },
    {
        "codename": "MAGPIE",
        "descriptor": "a source in South Pyongan Province",
        "region": "south-pyongan",
        "affiliation": "trader",
        "handler": "reporter2",
        "desk": "interior",
        "first_contact_on": "2015-01-15",
    },
    {
        "codename": "CRANE",
        "descriptor": "a source in Pyongyang",
        "region": "pyongyang",
        "affiliation": "official",
        "handler": "reporter2",
        "desk": "interior",
        "status": "dormant",
        "first_contact_on": "2015-05-02",
        "real_name": "Kim Hyon-ae",
        "contact": "Meets a trading partner in Dandong twice a year",
    },
    {
        "codename": "BIRCH",
        "descriptor": "a source in Jagang Province",
        "region": "jagang",
        "affiliation": "local_resident",
        "handler": "reporter2",
        "desk": "interior",
        "first_contact_on": "2017-01-09",
    },
    {
        "codename": "HERON",
        "descriptor": "a source in North Pyongan Province",
        "region": "north-pyongan",
        "affiliation": "trader",
        "handler": "reporter3",
        "desk": "border",
        "first_contact_on": "2015-08-30",
        "real_name": "Pak Song-min",
        "contact": "Dandong wholesaler's shop phone",
        # Burned after loading: the identity is erased, the record stays.
        "burn_reason": "Questioned by security in late 2017; the identity is erased for safety.",
    },
    {
        "codename": "KANG-SONG-IL",
        "descriptor": "Kang Song-il, a former trade official who left the North in 2014",
        "is_confidential": False,
        "region": None,
        "affiliation": "defector",
        "handler": "reporter",
        "desk": "border",
        "first_contact_on": "2016-11-02",
    },
]

# Reporting by other outlets. The second cites our August 2016 story through
# the first: the circular-reporting case.
EXTERNAL_ARTICLES = [
    {
        "key": "nab-2016-09-meth",
        "outlet": "northeast-asia-bulletin",
        "headline": "Report: North Korean security officials profit from meth sales",
        "byline": "Staff writer",
        "published_on": "2016-09-02",
        "cites": ["dnk-2016-08-meth"],
    },
    {
        "key": "ybr-2016-09-meth",
        "outlet": "yalu-border-review",
        "headline": "Meth money is buying off the border's watchmen, observers say",
        "byline": "Border correspondent",
        "published_on": "2016-09-21",
        "cites": ["nab-2016-09-meth"],
    },
]

SHARED_EVIDENCE = {
    "echo-meth": {
        "kind": "reporting",
        "summary": (
            "Yalu Border Review repeated the 8 kg shipment and the 40,000 RMB profit. "
            "Its only sourcing is a Northeast Asia Bulletin piece, which itself rests on "
            "our August 2016 story."
        ),
        "observed_on": "2016-09-21",
        "article": "ybr-2016-09-meth",
    },
}

ARTICLES = [
    {
        "key": "dnk-2015-02-hyesan-meth",
        "headline": "Inland meth reaches Hyesan traders hidden in dried fish",
        "published_on": "2015-02-16",
        "reporter": "reporter",
        "claims": [
            {
                "sources": ["PINE"],
                "text": "Crystal meth made in South Hamgyong is reaching Hyesan market traders "
                "in one-kilogram packets hidden in loads of dried fish.",
                "region": "ryanggang",
                "topics": ["drug-trade", "smuggling"],
                "grade": 3,
                "event": ("2015-02-01", "2015-02-14"),
                "quantities": [(1, "kg", "packet size")],
                "evidence": [
                    (
                        "C",
                        "testimony",
                        120,
                        "A woman who left Hyesan in spring 2015 described the same packets "
                        "and the dried-fish cover.",
                    )
                ],
            },
            {
                "sources": ["PINE"],
                "text": "The wholesale price of crystal meth in Hyesan slid to about "
                "7,000 RMB per kilogram over the winter.",
                "region": "ryanggang",
                "topics": ["drug-trade", "markets"],
                "grade": 3,
                "event": ("2014-12-01", "2015-02-14"),
                "quantities": [(7000, "RMB/kg", "wholesale price")],
                "evidence": [
                    (
                        "P",
                        "data",
                        200,
                        "A Seoul monitoring group's price notes put winter wholesale meth "
                        "near 7,500 RMB/kg: close, not the same.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2015-04-musan-guards",
        "headline": "Musan border company replaced after bribery probe",
        "published_on": "2015-04-08",
        "reporter": "reporter3",
        "claims": [
            {
                "sources": ["GULL"],
                "text": "The whole border guard company at Musan was swapped out in March 2015 "
                "after an investigation into bribes.",
                "region": "north-hamgyong",
                "topics": ["border-security", "corruption"],
                "grade": 3,
                "event": ("2015-03-01", "2015-03-31"),
                "evidence": [
                    (
                        "C",
                        "imagery",
                        90,
                        "Satellite pictures from spring 2015 show new staffing at the Musan "
                        "posts and freshly painted barracks.",
                    ),
                    (
                        "N",
                        "official",
                        30,
                        "State media covered a Party meeting on discipline in border units "
                        "without naming Musan.",
                    ),
                ],
            },
            {
                "sources": ["GULL"],
                "text": "Guards now ask 3,000 RMB per person to look away during a crossing, "
                "up from 1,000 RMB.",
                "region": "north-hamgyong",
                "topics": ["border-security", "corruption", "defections"],
                "grade": 4,
                "event": "2015-04-01",
                "quantities": [(3000, "RMB/person", "bribe"), (1000, "RMB/person", "old bribe")],
                "evidence": [
                    (
                        "X",
                        "testimony",
                        150,
                        "Two people who crossed near Musan in mid-2015 paid about 1,000 RMB; "
                        "they heard of no increase.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2015-06-pyongsong-clothing",
        "headline": "Pyongsong market managers seize Chinese clothing",
        "published_on": "2015-06-02",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["MAGPIE"],
                "text": "Market managers in Pyongsong took every Chinese-made garment off the "
                "stalls in late May 2015.",
                "region": "south-pyongan",
                "topics": ["markets"],
                "grade": 3,
                "event": ("2015-05-20", "2015-05-31"),
                "evidence": [
                    (
                        "X",
                        "reporting",
                        60,
                        "Traders who spoke to Yalu Border Review in July 2015 said Chinese "
                        "clothing sold openly in Pyongsong all through May and June.",
                    )
                ],
            },
            {
                "sources": ["MAGPIE"],
                "text": "Rice in Pyongsong doubled to 10,000 KPW per kilogram within a fortnight.",
                "region": "south-pyongan",
                "topics": ["markets", "food"],
                "grade": 4,
                "event": ("2015-05-15", "2015-05-31"),
                "quantities": [(10000, "KPW/kg", "rice price")],
                "evidence": [
                    (
                        "X",
                        "data",
                        45,
                        "Price series for Pyongsong kept rice between 5,000 and 5,400 KPW/kg "
                        "through June 2015.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2015-07-pyongyang-savings",
        "headline": "Pyongyang officials told to bank their foreign cash",
        "published_on": "2015-07-20",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["CRANE"],
                "text": "Central Party departments ordered mid-level officials in Pyongyang to "
                "deposit their foreign-currency savings at a state bank by the end of "
                "July 2015.",
                "region": "pyongyang",
                "topics": ["foreign-currency", "corruption"],
                "grade": 2,
                "event": "2015-07-10",
                "evidence": [
                    (
                        "C",
                        "document",
                        210,
                        "An internal notice obtained in early 2016 sets the same end-of-July "
                        "deadline.",
                    )
                ],
            },
            {
                "sources": ["CRANE"],
                "text": "Officials who comply are promised a 5% bonus paid in won.",
                "region": "pyongyang",
                "topics": ["foreign-currency"],
                "grade": 3,
                "event": "2015-07-10",
                "quantities": [(5, "%", "bonus")],
                "evidence": [],
            },
        ],
    },
    {
        "key": "dnk-2015-09-hyesan-phones",
        "headline": "Security agents sweep Hyesan for Chinese phones",
        "published_on": "2015-09-14",
        "reporter": "reporter",
        "claims": [
            {
                "sources": ["LARCH"],
                "text": "State Security Department agents in Hyesan seized more than 200 "
                "Chinese mobile phones in a two-week sweep in early September 2015.",
                "region": "ryanggang",
                "topics": ["communications", "state-security"],
                "grade": 2,
                "event": ("2015-09-01", "2015-09-13"),
                "quantities": [(200, "phones", "seized")],
                "evidence": [
                    (
                        "C",
                        "second_source",
                        20,
                        "A second source in Hyesan described the sweep and a similar number "
                        "of seized handsets on their own.",
                        {"source": "PINE"},
                    ),
                    (
                        "C",
                        "testimony",
                        300,
                        "A Hyesan resident who defected in 2016 recalled losing her phone in "
                        "that sweep.",
                    ),
                ],
            },
            {
                "sources": ["LARCH"],
                "text": "Radio detection vans brought up from Pyongyang were used to find "
                "callers near the Yalu.",
                "region": "ryanggang",
                "topics": ["communications", "state-security"],
                "grade": 3,
                "event": ("2015-09-01", "2015-09-13"),
                "evidence": [
                    (
                        "P",
                        "reporting",
                        120,
                        "Yalu Border Review reported detection equipment in Hyesan but could "
                        "not confirm it came from Pyongyang.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2015-11-chongjin-squid",
        "headline": "Chongjin fishing cooperatives barred from selling to Chinese buyers",
        "published_on": "2015-11-03",
        "reporter": "reporter3",
        "claims": [
            {
                "sources": ["GULL"],
                "text": "Fishing cooperatives in Chongjin were told to stop selling squid to "
                "Chinese buyers from October 2015.",
                "region": "north-hamgyong",
                "topics": ["markets", "smuggling"],
                "grade": 3,
                "event": "2015-10-01",
                "evidence": [
                    (
                        "P",
                        "data",
                        100,
                        "Chinese customs figures show squid imports from North Korea roughly "
                        "halving, not stopping, in the last quarter of 2015.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2015-12-sinuiju-transfers",
        "headline": "Sinuiju traders settle through Dandong bank accounts",
        "published_on": "2015-12-10",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["HERON"],
                "text": "Big traders in Sinuiju now settle payments through Dandong accounts "
                "held by Chinese relatives rather than carrying cash.",
                "region": "north-pyongan",
                "topics": ["foreign-currency", "smuggling"],
                "grade": 2,
                "event": ("2015-09-01", "2015-12-01"),
                "evidence": [
                    (
                        "C",
                        "court",
                        400,
                        "A 2017 Chinese court ruling describes a Dandong account used to "
                        "settle Sinuiju traders' payments.",
                    )
                ],
            },
            {
                "sources": ["HERON"],
                "text": "Every settlement carries a 2% transfer fee.",
                "region": "north-pyongan",
                "topics": ["foreign-currency"],
                "grade": 3,
                "event": "2015-12-01",
                "quantities": [(2, "%", "transfer fee")],
                "evidence": [
                    (
                        "P",
                        "testimony",
                        160,
                        "A trader who left Sinuiju described fees of two to three percent.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2016-01-ryanggang-permits",
        "headline": "Ryanggang halts travel permits before the Party congress",
        "published_on": "2016-01-18",
        "reporter": "reporter",
        "claims": [
            {
                "sources": ["PINE"],
                "text": "Ryanggang authorities stopped issuing travel permits to Pyongyang in "
                "January 2016, ahead of the Party congress.",
                "region": "ryanggang",
                "topics": ["border-security", "state-security"],
                "grade": 2,
                "event": "2016-01-05",
                "evidence": [
                    (
                        "C",
                        "official",
                        25,
                        "A provincial notice read on local cable radio confirmed the "
                        "suspension of permits.",
                    ),
                    (
                        "C",
                        "reporting",
                        40,
                        "Two other outlets reported the same suspension from their own contacts.",
                    ),
                ],
            },
            {
                "sources": ["PINE", "LARCH"],
                "descriptors": {"LARCH": "sources in Ryanggang Province"},
                "text": "Checkpoints on the road out of Hyesan were doubled to four.",
                "region": "ryanggang",
                "topics": ["border-security"],
                "grade": 3,
                "event": "2016-01-10",
                "quantities": [(4, "checkpoints", "")],
                "evidence": [
                    (
                        "C",
                        "imagery",
                        60,
                        "Commercial satellite images from February 2016 show two new "
                        "checkpoint structures on the Hyesan road.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2016-02-pyongsong-fees",
        "headline": "Pyongsong market stall fees more than triple",
        "published_on": "2016-02-25",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["MAGPIE"],
                "text": "Daily stall fees at Pyongsong market went up from 300 to 1,000 KPW.",
                "region": "south-pyongan",
                "topics": ["markets"],
                "grade": 3,
                "event": "2016-02-15",
                "quantities": [(300, "KPW/day", "old fee"), (1000, "KPW/day", "new fee")],
                "evidence": [
                    (
                        "X",
                        "testimony",
                        90,
                        "Three traders said the daily fee stayed at 300 to 500 KPW through "
                        "spring 2016.",
                    )
                ],
            },
            {
                "sources": ["MAGPIE"],
                "text": "Traders who refuse to pay are banned from the market for a month.",
                "region": "south-pyongan",
                "topics": ["markets"],
                "grade": 4,
                "event": "2016-02-15",
                "evidence": [
                    (
                        "N",
                        "testimony",
                        90,
                        "Traders described fines, not bans, for late fees, without saying "
                        "what happens to those who refuse outright.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2016-03-hoeryong-watch",
        "headline": "Hoeryong households drafted into a night watch on the river",
        "published_on": "2016-03-30",
        "reporter": "reporter3",
        "claims": [
            {
                # The disputed claim: independent evidence both ways.
                "sources": ["GULL"],
                "text": "Every household near the river in Hoeryong must send one adult to a "
                "compulsory night watch from April 2016.",
                "region": "north-hamgyong",
                "topics": ["border-security", "defections"],
                "grade": 3,
                "event": "2016-04-01",
                "evidence": [
                    (
                        "C",
                        "testimony",
                        120,
                        "A Hoeryong woman who defected in mid-2016 described taking her "
                        "household's turn on the watch.",
                    ),
                    (
                        "X",
                        "official",
                        60,
                        "A state media statement said the Hoeryong watch was made up of "
                        "volunteers and was not compulsory.",
                    ),
                ],
            },
            {
                "sources": ["GULL"],
                "text": "Residents caught helping a defector now face up to five years in a "
                "labour camp.",
                "region": "north-hamgyong",
                "topics": ["defections", "state-security"],
                "grade": 3,
                "event": "2016-03-15",
                "quantities": [(5, "years", "maximum sentence")],
                "evidence": [
                    (
                        "C",
                        "document",
                        300,
                        "A leaked provincial security guideline sets a penalty of up to five "
                        "years for aiding defection.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2016-05-pyongyang-store",
        "headline": "Pyongyang's flagship store prices Chinese electronics in yuan",
        "published_on": "2016-05-12",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["CRANE"],
                "text": "Pyongyang Department Store No. 1 began selling Chinese electronics "
                "priced in yuan in May 2016.",
                "region": "pyongyang",
                "topics": ["markets", "foreign-currency"],
                "grade": 2,
                "event": "2016-05-01",
                "evidence": [
                    (
                        "C",
                        "imagery",
                        30,
                        "Visitors' photographs from June 2016 show yuan price tags on Chinese "
                        "rice cookers in the store.",
                    )
                ],
            },
            {
                "sources": ["CRANE"],
                "text": "Only holders of a special shopping card may buy them.",
                "region": "pyongyang",
                "topics": ["markets"],
                "grade": 3,
                "event": "2016-05-01",
                "evidence": [],
            },
        ],
    },
    {
        "key": "dnk-2016-06-hyesan-protection",
        "headline": "Hyesan smugglers pay security cadres for protection",
        "published_on": "2016-06-20",
        "reporter": "reporter",
        "claims": [
            {
                "sources": ["PINE"],
                "text": "Smugglers in Hyesan pay State Security Department cadres about "
                "500 RMB a month to be left alone.",
                "region": "ryanggang",
                "topics": ["corruption", "smuggling", "state-security"],
                "grade": 3,
                "event": "2016-06-01",
                "quantities": [(500, "RMB/month", "protection payment")],
                "evidence": [
                    (
                        "C",
                        "testimony",
                        200,
                        "A former Hyesan smuggler described monthly payments of around "
                        "500 RMB to security officials.",
                    )
                ],
            },
            {
                "sources": ["PINE"],
                "text": "One cadre collects the payments, calling at the start of each month.",
                "region": "ryanggang",
                "topics": ["corruption", "state-security"],
                "grade": 4,
                "event": "2016-06-01",
                "evidence": [
                    (
                        "X",
                        "testimony",
                        200,
                        "The same former smuggler said collectors changed often and came at "
                        "irregular times.",
                    )
                ],
            },
        ],
    },
    {
        # Modelled on the reference article.
        "key": "dnk-2016-08-meth",
        "headline": "Security cadres turn border patrols into meth runs",
        "published_on": "2016-08-25",
        "reporter": "reporter",
        "claims": [
            {
                "sources": ["PINE"],
                "text": "Senior State Security Department cadres bought 8 kg of crystal meth "
                "in an inland province in August 2016 and moved it over the border into "
                "China.",
                "region": "ryanggang",
                "topics": ["drug-trade", "state-security", "border-security", "corruption"],
                "grade": 3,
                "event": ("2016-08-01", "2016-08-20"),
                "quantities": [(8, "kg", "crystal meth")],
                # Circular: the only corroboration cites this very article, two hops away.
                "evidence": [("C", "@echo-meth")],
            },
            {
                "sources": ["PINE"],
                "text": "The cadres paid 9,000 RMB per kilogram and sold to Chinese buyers at "
                "14,000 RMB per kilogram.",
                "region": "ryanggang",
                "topics": ["drug-trade", "markets"],
                "grade": 3,
                "event": ("2016-08-01", "2016-08-20"),
                "quantities": [
                    (9000, "RMB/kg", "purchase price"),
                    (14000, "RMB/kg", "sale price in China"),
                ],
                "evidence": [
                    (
                        "P",
                        "court",
                        330,
                        "A 2017 Chinese judgment against two Changbai buyers cites about "
                        "13,500 RMB/kg paid for North Korean meth; the purchase side is not "
                        "covered.",
                    )
                ],
            },
            {
                "sources": ["PINE"],
                "text": "A single deal left the cadres about 40,000 RMB, some 48 million KPW, "
                "in profit.",
                "region": "ryanggang",
                "topics": ["drug-trade", "corruption"],
                "grade": 4,
                "event": ("2016-08-01", "2016-08-20"),
                "quantities": [(40000, "RMB", "profit"), (48000000, "KPW", "profit")],
                "evidence": [("C", "@echo-meth")],
            },
            {
                "sources": ["PINE"],
                "text": "Security agents use surveillance trips around their own districts as "
                "cover for carrying meth to the border.",
                "region": "ryanggang",
                "topics": ["drug-trade", "state-security"],
                "grade": 3,
                "event": "2016-08-01",
                "evidence": [
                    (
                        "C",
                        "testimony",
                        240,
                        "A former Ministry of People's Security officer described colleagues "
                        "using inspection trips to carry drugs toward the border.",
                    )
                ],
            },
            {
                "sources": ["PINE"],
                "text": "Officers of the Ministry of People's Security and senior Party "
                "cadres are profiting from the drug trade as well.",
                "region": "ryanggang",
                "topics": ["drug-trade", "corruption"],
                "grade": 4,
                "event": "2016-08-01",
                "evidence": [
                    (
                        "P",
                        "reporting",
                        150,
                        "Later reporting named People's Security officers in the trade but "
                        "found nothing on Party cadres.",
                    )
                ],
            },
            {
                "sources": ["LARCH"],
                "text": "Border security agents have mostly stopped chasing would-be "
                "defectors, putting money before duty.",
                "region": "ryanggang",
                "topics": ["border-security", "defections", "corruption"],
                "grade": 5,
                "event": "2016-08-01",
                "evidence": [
                    (
                        "X",
                        "data",
                        180,
                        "Defector arrivals from Ryanggang fell in late 2016, which fits "
                        "tighter enforcement rather than looser.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2016-09-chongjin-floods",
        "headline": "Corn prices jump in Chongjin after the Tumen floods",
        "published_on": "2016-09-29",
        "reporter": "reporter3",
        "claims": [
            {
                "sources": ["GULL"],
                "text": "After the August 2016 Tumen River floods, corn in Chongjin rose to "
                "2,500 KPW per kilogram.",
                "region": "north-hamgyong",
                "topics": ["food", "markets"],
                "grade": 2,
                "event": "2016-09-15",
                "quantities": [(2500, "KPW/kg", "corn price")],
                "evidence": [
                    (
                        "C",
                        "data",
                        30,
                        "Price monitoring in Chongjin recorded corn at 2,400 to 2,600 KPW/kg "
                        "in September 2016.",
                    )
                ],
            },
            {
                "sources": ["GULL"],
                "text": "More than 1,000 families in Musan county lost their homes.",
                "region": "north-hamgyong",
                "topics": ["food"],
                "grade": 3,
                "event": ("2016-08-29", "2016-09-02"),
                "quantities": [(1000, "families", "homeless")],
                "evidence": [
                    (
                        "P",
                        "official",
                        10,
                        "Aid agency situation reports confirmed heavy damage in Musan county "
                        "but gave a lower count for the county itself.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2016-10-pyongsong-levy",
        "headline": "Pyongsong traders told to pay for new apartments",
        "published_on": "2016-10-18",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["MAGPIE"],
                "text": "Every trader at Pyongsong market has to pay 50 USD toward a new "
                "apartment block.",
                "region": "south-pyongan",
                "topics": ["markets", "corruption"],
                "grade": 3,
                "event": "2016-10-01",
                "quantities": [(50, "USD", "levy")],
                "evidence": [
                    (
                        "X",
                        "testimony",
                        100,
                        "Pyongsong traders said later the levy was taken in goods, not "
                        "dollars, and only from big wholesalers.",
                    )
                ],
            },
            {
                # Retracted by an editor's verdict.
                "sources": ["MAGPIE"],
                "text": "Police in Pyongsong arrested 30 traders for selling South Korean films.",
                "region": "south-pyongan",
                "topics": ["markets", "state-security"],
                "grade": 4,
                "event": "2016-10-10",
                "quantities": [(30, "people", "arrested")],
                "evidence": [
                    (
                        "X",
                        "reporting",
                        70,
                        "A Northeast Asia Bulletin follow-up found two arrests, not thirty.",
                    )
                ],
                "verdict": (
                    "retracted",
                    "The source withdrew the figure of thirty; the story was corrected on "
                    "30 December 2016.",
                ),
            },
        ],
    },
    {
        "key": "dnk-2016-11-hyesan-drug-unit",
        "headline": "Hyesan police form a unit to arrest meth users",
        "published_on": "2016-11-15",
        "reporter": "reporter",
        "claims": [
            {
                "sources": ["LARCH"],
                "text": "The Ministry of People's Security in Hyesan set up a special unit to "
                "arrest meth users in November 2016.",
                "region": "ryanggang",
                "topics": ["drug-trade"],
                "grade": 2,
                "event": "2016-11-01",
                "evidence": [
                    (
                        "C",
                        "official",
                        45,
                        "Provincial radio announced a special campaign against narcotics in "
                        "Hyesan.",
                    )
                ],
            },
            {
                "sources": ["LARCH"],
                "text": "Twenty users were sentenced in public at a mass trial in the Hyesan "
                "stadium.",
                "region": "ryanggang",
                "topics": ["drug-trade", "state-security"],
                "grade": 3,
                "event": "2016-11-10",
                "quantities": [(20, "people", "sentenced")],
                "evidence": [
                    (
                        "C",
                        "testimony",
                        210,
                        "A witness described the stadium trial and about twenty defendants.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2017-01-sinuiju-customs",
        "headline": "Sinuiju customs staff moved after smuggling scandal",
        "published_on": "2017-01-10",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["HERON"],
                "text": "Every customs officer at the Sinuiju land crossing was transferred "
                "after a smuggling scandal in December 2016.",
                "region": "north-pyongan",
                "topics": ["corruption", "smuggling"],
                "grade": 3,
                "event": "2016-12-15",
                "evidence": [
                    (
                        "X",
                        "reporting",
                        90,
                        "Dandong trade contacts saw the same officers working the crossing "
                        "in March 2017.",
                    )
                ],
            },
            {
                "sources": ["HERON"],
                "text": "Chinese trucks now wait up to three days at the bridge.",
                "region": "north-pyongan",
                "topics": ["smuggling", "border-security"],
                "grade": 3,
                "event": "2017-01-05",
                "quantities": [(3, "days", "waiting time")],
                "evidence": [
                    (
                        "C",
                        "imagery",
                        20,
                        "Imagery of the Dandong approach shows long truck queues in January 2017.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2017-02-jagang-corn",
        "headline": "Jagang munitions workers paid in corn",
        "published_on": "2017-02-14",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["BIRCH"],
                "text": "Munitions workers in Jagang Province got 10 kg of corn a month in "
                "place of wages over the winter.",
                "region": "jagang",
                "topics": ["food"],
                "grade": 3,
                "event": ("2016-12-01", "2017-02-10"),
                "quantities": [(10, "kg/month", "corn ration")],
                "evidence": [],
            },
            {
                "sources": ["BIRCH"],
                "text": "Some of the workers slipped away to trade in Manpo without permission.",
                "region": "jagang",
                "topics": ["markets"],
                "grade": 4,
                "event": "2017-02-01",
                "evidence": [
                    (
                        "N",
                        "testimony",
                        60,
                        "A defector from Jagang said factory workers trading on the side "
                        "were common, but could not date it.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2017-03-kang-sanctions",
        "headline": "Kang Song-il: sanctions push trading firms into smuggling",
        "published_on": "2017-03-22",
        "reporter": "reporter3",
        "claims": [
            {
                "sources": ["KANG-SONG-IL"],
                "text": "Party-run trading companies now smuggle coal through small ports to "
                "get around UN sanctions.",
                "region": "north-pyongan",
                "topics": ["smuggling", "foreign-currency"],
                "grade": 2,
                "event": "2017-03-01",
                "evidence": [
                    (
                        "C",
                        "document",
                        200,
                        "A UN Panel of Experts report describes coal leaving small ports to "
                        "evade sanctions.",
                    )
                ],
            },
            {
                "sources": ["KANG-SONG-IL"],
                "text": "Each company must send at least 100,000 USD a year in loyalty funds.",
                "region": None,
                "topics": ["foreign-currency", "corruption"],
                "grade": 3,
                "event": "2017-03-01",
                "quantities": [(100000, "USD/year", "loyalty funds")],
                "evidence": [
                    (
                        "P",
                        "testimony",
                        120,
                        "Another former trade official put the quota at 50,000 to 100,000 USD "
                        "depending on the company.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2017-04-hyesan-meth-price",
        "headline": "Hyesan meth prices climb as the crackdown bites",
        "published_on": "2017-04-11",
        "reporter": "reporter",
        "claims": [
            {
                "sources": ["PINE"],
                "text": "The street price of meth in Hyesan rose to about 100 RMB a gram in "
                "spring 2017.",
                "region": "ryanggang",
                "topics": ["drug-trade", "markets"],
                "grade": 2,
                "event": "2017-04-01",
                "quantities": [(100, "RMB/g", "street price")],
                "evidence": [
                    (
                        "C",
                        "data",
                        60,
                        "A price survey of border towns recorded meth at 90 to 110 RMB/g in "
                        "Hyesan that spring.",
                    )
                ],
            },
            {
                "sources": ["LARCH"],
                "text": "Security agents now demand a cut of every sale above one kilogram.",
                "region": "ryanggang",
                "topics": ["drug-trade", "corruption", "state-security"],
                "grade": 3,
                "event": "2017-04-01",
                "evidence": [
                    (
                        "C",
                        "second_source",
                        30,
                        "Another Ryanggang source confirmed the demand for a cut of large sales.",
                        {"source": "PINE"},
                    )
                ],
            },
            {
                "sources": ["LARCH"],
                "text": "Users caught with meth are let go if they pay 1,000 RMB.",
                "region": "ryanggang",
                "topics": ["drug-trade", "corruption"],
                "grade": 3,
                "event": "2017-04-01",
                "quantities": [(1000, "RMB", "release payment")],
                "evidence": [
                    (
                        "C",
                        "second_source",
                        30,
                        "The same source repeated the account in a later call: it cannot "
                        "count as confirmation.",
                        {"source": "LARCH"},
                    ),
                    (
                        "C",
                        "testimony",
                        150,
                        "A defector caught with meth in Hyesan in 2017 said she was released "
                        "for about 1,000 RMB.",
                    ),
                ],
            },
        ],
    },
    {
        "key": "dnk-2017-05-pyongyang-taxis",
        "headline": "A second taxi firm takes to Pyongyang's streets",
        "published_on": "2017-05-30",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["CRANE"],
                "text": "A second taxi company started running in Pyongyang in May 2017 with "
                "200 new cars.",
                "region": "pyongyang",
                "topics": ["markets"],
                "grade": 2,
                "event": "2017-05-01",
                "quantities": [(200, "cars", "fleet")],
                "evidence": [
                    (
                        "C",
                        "imagery",
                        40,
                        "Street photographs from June 2017 show taxis in a new livery.",
                    )
                ],
            },
            {
                "sources": ["CRANE"],
                "text": "Foreigners pay fares in euros and locals in won.",
                "region": "pyongyang",
                "topics": ["foreign-currency"],
                "grade": 3,
                "event": "2017-05-01",
                "evidence": [],
            },
        ],
    },
    {
        "key": "dnk-2017-06-onsong-fence",
        "headline": "New fence rises along the Tumen near Onsong",
        "published_on": "2017-06-19",
        "reporter": "reporter3",
        "claims": [
            {
                "sources": ["GULL"],
                "text": "A new 3-metre fence topped with an electrified wire has gone up along "
                "the Tumen near Onsong.",
                "region": "north-hamgyong",
                "topics": ["border-security", "defections"],
                "grade": 3,
                "event": ("2017-04-01", "2017-06-10"),
                "quantities": [(3, "m", "fence height")],
                "evidence": [
                    (
                        "C",
                        "imagery",
                        45,
                        "Satellite images show a new fence line near Onsong in summer 2017.",
                    )
                ],
            },
            {
                "sources": ["GULL"],
                "text": "Soldiers of the border corps built the fence themselves.",
                "region": "north-hamgyong",
                "topics": ["border-security"],
                "grade": 4,
                "event": ("2017-04-01", "2017-06-10"),
                "evidence": [
                    (
                        "X",
                        "reporting",
                        100,
                        "Later reporting put the work down to a construction brigade, not "
                        "border soldiers.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2017-07-pyongsong-closure",
        "headline": "Pyongsong market shut for a 'non-socialist' inspection",
        "published_on": "2017-07-25",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["MAGPIE"],
                "text": "Pyongsong market was closed for ten days in July 2017 for an "
                "inspection against 'non-socialist practices'.",
                "region": "south-pyongan",
                "topics": ["markets", "state-security"],
                "grade": 3,
                "event": ("2017-07-10", "2017-07-20"),
                "quantities": [(10, "days", "closure")],
                "evidence": [
                    (
                        "C",
                        "reporting",
                        40,
                        "Traders in Pyongsong told Yalu Border Review the market was closed "
                        "for about ten days.",
                    )
                ],
            },
            {
                "sources": ["MAGPIE"],
                "text": "Inspectors fined traders 500 USD each for selling South Korean goods.",
                "region": "south-pyongan",
                "topics": ["markets", "state-security"],
                "grade": 4,
                "event": ("2017-07-10", "2017-07-20"),
                "quantities": [(500, "USD", "fine")],
                "evidence": [
                    (
                        "X",
                        "testimony",
                        120,
                        "Traders who were there said fines were charged in won and were far "
                        "smaller.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2017-08-hyesan-year-on",
        "headline": "A year on, Hyesan's security cadres still run meth",
        "published_on": "2017-08-28",
        "reporter": "reporter",
        "claims": [
            {
                "sources": ["LARCH"],
                "text": "State Security Department cadres in Hyesan still move meth across "
                "the river, timing runs to the night patrol rota.",
                "region": "ryanggang",
                "topics": ["drug-trade", "state-security", "border-security"],
                "grade": 3,
                "event": "2017-08-01",
                "evidence": [
                    (
                        "P",
                        "testimony",
                        120,
                        "A defector confirmed night crossings with drugs but could not say "
                        "security cadres took part.",
                    )
                ],
            },
            {
                "sources": ["PINE", "LARCH"],
                "descriptors": {"PINE": "sources in Ryanggang Province"},
                "text": "A cadre was caught near Hyesan in August 2017 carrying 3 kg of meth.",
                "region": "ryanggang",
                "topics": ["drug-trade", "state-security"],
                "grade": 2,
                "event": "2017-08-12",
                "quantities": [(3, "kg", "crystal meth")],
                "evidence": [
                    (
                        "C",
                        "official",
                        90,
                        "A Chinese police notice lists a seizure of about 3 kg handed over "
                        "at the Hyesan crossing.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2017-09-manpo-customs",
        "headline": "Manpo customs search every Chinese truck",
        "published_on": "2017-09-20",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["BIRCH"],
                "text": "Customs at Manpo began searching every Chinese cargo truck in "
                "September 2017.",
                "region": "jagang",
                "topics": ["smuggling", "border-security"],
                "grade": 3,
                "event": "2017-09-01",
                "evidence": [
                    (
                        "C",
                        "data",
                        60,
                        "Chinese trade data show volumes on the Manpo route falling sharply "
                        "after September 2017.",
                    )
                ],
            },
            {
                "sources": ["BIRCH"],
                "text": "Truck queues stretched 2 km on the Chinese side.",
                "region": "jagang",
                "topics": ["smuggling"],
                "grade": 4,
                "event": "2017-09-10",
                "quantities": [(2, "km", "queue")],
                "evidence": [],
            },
        ],
    },
    {
        "key": "dnk-2017-10-sinuiju-changers",
        "headline": "Sinuiju police round up money changers",
        "published_on": "2017-10-16",
        "reporter": "reporter3",
        "claims": [
            {
                "sources": ["HERON"],
                "text": "Police in Sinuiju detained about 15 money changers in October 2017.",
                "region": "north-pyongan",
                "topics": ["foreign-currency", "state-security"],
                "grade": 3,
                "event": "2017-10-05",
                "quantities": [(15, "people", "detained")],
                "evidence": [
                    (
                        "C",
                        "reporting",
                        30,
                        "Northeast Asia Bulletin reported the detentions from a separate contact.",
                    )
                ],
            },
            {
                "sources": ["HERON"],
                "text": "The yuan lost 10% against the won in Sinuiju after the detentions.",
                "region": "north-pyongan",
                "topics": ["foreign-currency", "markets"],
                "grade": 4,
                "event": "2017-10-10",
                "quantities": [(10, "%", "fall")],
                "evidence": [
                    (
                        "X",
                        "data",
                        60,
                        "Market exchange-rate series show the yuan steady in Sinuiju through "
                        "October 2017.",
                    )
                ],
            },
        ],
    },
    {
        "key": "dnk-2017-11-kang-meth-routes",
        "headline": "Kang Song-il on how North Korean meth reaches China",
        "published_on": "2017-11-20",
        "reporter": "reporter",
        "claims": [
            {
                "sources": ["KANG-SONG-IL"],
                "text": "Most North Korean meth reaches Chinese buyers through Ryanggang and "
                "North Hamgyong.",
                "region": None,
                "topics": ["drug-trade", "smuggling"],
                "grade": 2,
                "event": "2017-11-01",
                "evidence": [
                    (
                        "C",
                        "court",
                        180,
                        "Jilin court records list Ryanggang and North Hamgyong as the origin "
                        "of most seized meth.",
                    )
                ],
            },
            {
                # An editor's verdict where no evidence can settle it.
                "sources": ["KANG-SONG-IL"],
                "text": "Most state-run meth labs shut after 2010 and production passed into "
                "private hands.",
                "region": "south-hamgyong",
                "topics": ["drug-trade"],
                "grade": 3,
                "event": ("2010-01-01", "2012-12-31"),
                "evidence": [],
                "verdict": (
                    "unverifiable",
                    "No record can show when state production stopped; the claim stays on "
                    "file as unverifiable.",
                ),
            },
        ],
    },
    {
        "key": "dnk-2017-12-power",
        "headline": "Power returns to central Pyongyang, not to Sinuiju",
        "published_on": "2017-12-12",
        "reporter": "reporter2",
        "claims": [
            {
                "sources": ["CRANE"],
                "text": "Apartments in central Pyongyang had electricity around the clock in "
                "December 2017.",
                "region": "pyongyang",
                "topics": ["food"],
                "grade": 3,
                "event": "2017-12-01",
                "evidence": [],
            },
            {
                "sources": ["HERON"],
                "text": "Sinuiju homes get about four hours of power a day.",
                "region": "north-pyongan",
                "topics": ["food"],
                "grade": 3,
                "event": "2017-12-01",
                "quantities": [(4, "hours/day", "power supply")],
                "evidence": [
                    (
                        "P",
                        "imagery",
                        60,
                        "Night-time satellite imagery shows Sinuiju brighter than most towns "
                        "but dark after midnight.",
                    )
                ],
            },
        ],
    },
]
