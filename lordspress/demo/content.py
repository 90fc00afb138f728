"""Demo content for `manage.py seed_demo`: plain data, no Django.

Every person, noble house, title, firm and address here is invented. Real countries, treaties
and institutions appear only in neutral, documentary terms. Dates in the text agree with each
article's ``days_ago`` counted back from 25 November 2026.
"""

CATEGORIES: list[dict] = [
    {
        "name": "Diplomacy",
        "slug": "diplomacy",
        "description": "Heads of mission, credentials, treaties and the working practice of the diplomatic corps.",
        "order": 1,
    },
    {
        "name": "Royalty & Nobility",
        "slug": "royalty-nobility",
        "description": "Successions, marriages and the affairs of Europe’s reigning and former reigning houses and its titled families.",
        "order": 2,
    },
    {
        "name": "Heraldry",
        "slug": "heraldry",
        "description": "Grants and matriculations of arms, armorial practice and the work of the heraldic authorities.",
        "order": 3,
    },
    {
        "name": "Protocol",
        "slug": "protocol",
        "description": "Precedence, forms of address and the conventions that govern official and ceremonial occasions.",
        "order": 4,
    },
    {
        "name": "History",
        "slug": "history",
        "description": "Archival studies, treaty anniversaries and the documentary record of European courts and chancelleries.",
        "order": 5,
    },
    {
        "name": "Obituaries",
        "slug": "obituaries",
        "description": "Lives of record, written from the documents and from those who knew them.",
        "order": 6,
    },
    {
        "name": "Notices",
        "slug": "notices",
        "description": "Engagements, marriages, memorial services and other announcements in the manner of a court circular.",
        "order": 7,
    },
    {
        "name": "Special Reports",
        "slug": "special-reports",
        "description": "Longer studies of institutions, archives and practice, prepared over several months.",
        "order": 8,
    },
]

AUTHORS: list[dict] = [
    {
        "name": "LP Staff Writers",
        "slug": "lp-staff-writers",
        "kind": "collective",
        "bio": (
            "Writers at Lord’s Press come from a range of professional backgrounds, including "
            "history, diplomacy, heraldry, and public administration. Many publish anonymously or "
            "under initials—a practice that reflects the publication’s long-standing emphasis on "
            "discretion and editorial objectivity. While they bring expertise in European nobility, "
            "protocol, and archival research, their role is not to opine, but to document. Their "
            "focus remains on accuracy, historical integrity, and the preservation of events and "
            "individuals whose significance might otherwise go unrecorded."
        ),
    },
    {
        "name": "J.R.",
        "slug": "j-r",
        "kind": "initials",
        "bio": (
            "A former protocol officer who writes on diplomatic practice, precedence and the "
            "conventions of official life. J.R. has contributed to Lord’s Press since its early "
            "years and reads in five European languages."
        ),
    },
    {
        "name": "A. de V.",
        "slug": "a-de-v",
        "kind": "initials",
        "bio": (
            "A former archivist who writes on the continental nobility, dynastic law and family "
            "papers. A. de V. prefers the document to the anecdote, and the footnote to both."
        ),
    },
]


ARTICLES: list[dict] = [
    {
        "slug": "wrexley-funeral-earldom-passes-to-second-cousin",
        "headline": "Wrexley funeral held in Shropshire as the earldom passes to a second cousin",
        "standfirst": "The 8th Earl of Wrexley was buried on Tuesday beside his forebears at St Michael’s, Wrexley. His title and the family’s Shropshire estate now pass by different routes.",
        "category": "royalty-nobility",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 0.2,
        "is_lead": True,
        "image": {
            "motif": "chevron",
            "alt": "Illustration of a heraldic shield bearing a chevron between three five-pointed stars, on a parchment ground",
            "caption": "A chevron between three mullets: the charges of the Stannard arms, borne by the Earls of Wrexley since the early eighteenth century.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>The funeral of Charles Edward Stannard, 8th Earl of Wrexley, who died on 16 November aged 87, took place on Tuesday at the parish church of St Michael, Wrexley, in Shropshire. He was buried in the churchyard, on the north side of the chancel, where seven generations of his family lie.</p>
<p>The service was conducted by the Rector of Wrexley and was attended by some two hundred mourners, among them tenants and former employees of the estate, members of the county archive trust which the Earl chaired for nineteen years, and representatives of the parish councils of the Wrexley valley. The first lesson was read by his daughter, Lady Harriet Stannard; the second by his second cousin, Thomas Stannard, who now succeeds him. The hymns were “The King of love my shepherd is” and “O God, our help in ages past”.</p>
<h2>Two lines of descent</h2>
<p>The earldom was created in 1714 with remainder to the heirs male of the body of the 1st Earl. The 8th Earl had no son, and the dignity therefore passes to the nearest male-line descendant of the 1st Earl: Thomas Stannard, 71, a retired hydrographer who has lived in Devon for most of his working life and whose grandfather was a younger son of the 5th Earl.</p>
<p>Succession to a peerage occurs at the moment of death, but a successor’s name is entered on the Roll of the Peerage, kept on behalf of the Crown by the Crown Office at the Ministry of Justice, only when the succession has been proved to the satisfaction of the Lord Chancellor. The proof is documentary: certificates of birth, marriage and death across each generation separating the new holder from the last common ancestor. The family’s solicitors have indicated that the papers are in hand. Until entry is made, he may not be addressed or described as a peer in any official document, though nothing prevents the use of the title in private life.</p>
<p>Wrexley Hall and its 2,300 acres do not follow the title. Under a settlement made in 1998 and confirmed by the 8th Earl’s will, the house and estate pass to Lady Harriet, who has managed the home farm since 2011. The family papers, deposited with the Shropshire county archive in 1987, remain there on loan.</p>
<h2>The arms</h2>
<p>The Stannard arms, <em>Azure, a chevron Or between three mullets Argent</em>, were carved on the lych-gate through which the coffin was carried. They pass to the new Earl as heir male. Lady Harriet, as her father’s heraldic heiress, may bear them on a lozenge or a shield and transmit them as a quartering to her children; should she marry an armiger, her husband may display them on an escutcheon of pretence.</p>
<p>A service of thanksgiving for the life of the 8th Earl is expected to be held in London in the new year. Arrangements will be announced in these columns.</p>
""",
    },
    {
        "slug": "heads-of-mission-present-letters-of-credence-november",
        "headline": "Three new heads of mission present their credentials in London",
        "standfirst": "The Ambassadors of Estonia and Chile and the High Commissioner of Cyprus were received in audience at Buckingham Palace, each conveyed by carriage from their residences in the customary manner.",
        "category": "diplomacy",
        "kind": "news",
        "author": "j-r",
        "days_ago": 0.6,
        "is_lead": False,
        "image": {
            "motif": "wax-seal",
            "alt": "Illustration of a red wax seal impressed with a star, with two ribbon tails, on a parchment ground",
            "caption": "Letters of credence are still sealed and signed by the sending head of state, and are presented in person.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>Three heads of mission newly arrived in London presented their credentials on Tuesday at Buckingham Palace: Mr Tõnis Kaljuvee, Ambassador of the Republic of Estonia; Señora Catalina Ossandón Reyes, Ambassador of the Republic of Chile; and Mr Stelios Kyprianides, High Commissioner for the Republic of Cyprus.</p>
<p>Each was collected from the residence by the Marshal of the Diplomatic Corps and conveyed in a State landau drawn by two horses, accompanied by members of the mission. The ceremony itself is brief. Each head of mission is received in audience, presents the letters of credence, together with the letters of recall of the predecessor, and then presents the senior members of staff and, by custom, the spouse.</p>
<h2>Credence and commission</h2>
<p>The distinction between the three documents presented on Tuesday is worth recording. An ambassador carries letters of credence addressed by one head of state to another, asking that full faith and credit be given to what the envoy says on the sender’s behalf. A High Commissioner from a Commonwealth country which is a republic, as Cyprus has been since 1960, carries letters of commission. The effect is the same; the form reflects the particular relationship between Commonwealth members, whose envoys to one another have been styled High Commissioners rather than ambassadors since the middle of the last century.</p>
<p>Under the Vienna Convention on Diplomatic Relations, a head of mission is considered to have taken up functions either on presenting credentials or on notifying arrival and presenting a true copy of them to the foreign ministry, according to the practice of the receiving State, which must be applied uniformly. In London the presentation of a copy to the Foreign, Commonwealth and Development Office allows a new envoy to begin work in the weeks, sometimes months, before the audience can be arranged. Precedence within the corps runs from that date.</p>
<h2>The new envoys</h2>
<p>Mr Kaljuvee, 54, was previously his country’s Ambassador in Copenhagen and earlier served as director of the protocol department in Tallinn. Señora Ossandón, 58, is a career diplomat who has served in Madrid, Geneva and Canberra and was most recently a senior official in the directorate for Europe of the Chilean foreign ministry. Mr Kyprianides, 61, returns to London, where he served as a counsellor in the late 1990s.</p>
<p>Their names will appear in the next edition of the London Diplomatic List, published by the Foreign, Commonwealth and Development Office, in which heads of mission are listed in order of precedence. Further presentations are expected before the Christmas recess.</p>
""",
    },
    {
        "slug": "who-keeps-the-record-europes-registers-of-nobility",
        "headline": "Who keeps the record? Europe’s registers of nobility in 2026",
        "standfirst": "From Brussels to Madrid, a handful of states still regulate noble status; elsewhere the record passes to private associations. A survey of who decides what, and on what authority.",
        "category": "special-reports",
        "kind": "special_report",
        "author": "a-de-v",
        "days_ago": 1.1,
        "is_lead": True,
        "image": {
            "motif": "columns",
            "alt": "Illustration of a classical portico, columns beneath a pediment, drawn in the manner of an engraving",
            "caption": "The institutions that keep Europe’s noble registers range from state councils to private associations.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>A reader writing from Lisbon asked this year a question that deserves a fuller answer than a letter allows: who, in today’s Europe, decides whether a person is noble, and whose record is authoritative? The answer depends entirely on the state, and in most of the continent it is no longer a question for the state at all.</p>
<h2>Where the state still decides</h2>
<p>In <strong>Belgium</strong> nobility remains a matter of public law. The King may grant favours of nobility, and a Council of Nobility advises on the recognition and incorporation of noble status and on the use of titles. Its files form the nearest thing in Europe to a living official register.</p>
<p>In the <strong>Netherlands</strong> the Hoge Raad van Adel, the High Council of Nobility, advises the government on noble matters and keeps the genealogical records on which membership of the Dutch nobility is determined. Nobility there is defined by statute and has been closed to new creations, save in narrow circumstances, for many decades.</p>
<p>In <strong>Spain</strong> titles are granted by the Crown, and every succession requires a Royal Letter of Succession issued through the Ministry of Justice after a public edict in the official gazette allows rival claimants to come forward. Since a law of 2006, the eldest child succeeds regardless of sex.</p>
<h2>Where the state withdrew</h2>
<p>In <strong>Austria</strong> a law of April 1919 abolished the nobility and forbade the use of titles and the particle “von”; the prohibition is still enforced. In <strong>Germany</strong> the Weimar constitution of the same year abolished the privileges of birth but allowed former titles to survive as part of the legal surname, so that “Prinz” or “Graf” is today a component of a name rather than a rank. In <strong>Italy</strong> the republican constitution of 1948 provides that titles of nobility are not recognised, while predicates existing before October 1922 may serve as part of the name.</p>
<p>In <strong>France</strong>, where the last monarchy fell in 1870, the Ministry of Justice may still verify the right to bear a title conferred by a former regime, a procedure used sparingly and with exacting proofs. The result is a republic in which titles are neither granted nor abolished, but may in certain cases be officially confirmed.</p>
<h2>The private registers</h2>
<p>Where the state has withdrawn, the work of record has passed to associations of families: nobility associations in Germany, Austria, Italy, Portugal and elsewhere, many of which publish genealogical handbooks and maintain admission committees. Their standards vary. The best are rigorous, insisting on documentary proof for each generation; some are less so. None has public authority, and their entries are evidence rather than proof.</p>
<h2>What the careful reader should ask</h2>
<ul>
<li>Under which law, and of which state, is the status or title claimed?</li>
<li>Is there an official act, such as a decree, a royal letter or a court judgment, and where is it published?</li>
<li>If the record is private, which association keeps it, and what proofs did it require?</li>
</ul>
<p>These questions are asked not to diminish anyone’s family history but to place each claim in its correct legal setting. A title that is a rank in Brussels may be a surname in Munich and an honorific courtesy in Rome; each is real in its own context, and a journal of record must say which.</p>
<p>In the coming months Lord’s Press will publish shorter notes on each of the jurisdictions above, beginning with the procedure for a Spanish succession.</p>
""",
    },
    {
        "slug": "court-and-social-23-november-2026",
        "headline": "Court and Social: engagements, a marriage and a memorial service",
        "standfirst": "Announcements received this week, printed as submitted save for matters of style.",
        "category": "notices",
        "kind": "notice",
        "author": "lp-staff-writers",
        "days_ago": 1.7,
        "is_lead": False,
        "image": None,
        "corrections": [],
        "body": """
<h3>Engagements</h3>
<p><strong>Mr H.J.A. Fenbury and the Hon Sophia Laxton.</strong> The engagement is announced between Henry, elder son of Mr and Mrs Julian Fenbury, of Alresford, Hampshire, and Sophia, younger daughter of the late Lord Laxton and of Lady Laxton, of Kirkby Malzeard, North Yorkshire.</p>
<p><strong>Count A. von Reichenau-Thal and Miss E.M. Carbery.</strong> The engagement is announced between Alexander, son of Count and Countess Georg von Reichenau-Thal, of Munich, and Eleanor, only daughter of Mr and Mrs Patrick Carbery, of Kinsale, County Cork.</p>
<p><strong>Mr T.R. Okafor-Lyle and Miss C.A. de Bellegarde.</strong> The engagement is announced between Thomas, son of Dr and Mrs Richard Okafor-Lyle, of Edinburgh, and Clémence, elder daughter of the Vicomte and Vicomtesse Antoine de Bellegarde, of Angers.</p>
<h3>Marriage</h3>
<p><strong>Mr J.E. Marchant and Miss L.F. Dacre-Wynn.</strong> The marriage took place on Saturday, 21 November, at the Queen’s Chapel of the Savoy, of Mr James Marchant, son of Mr and Mrs Edward Marchant, and Miss Lucinda Dacre-Wynn, daughter of Major and Mrs Robert Dacre-Wynn. The bride, who was given away by her father, was attended by Miss Isobel Dacre-Wynn. Mr William Marchant was best man. A reception was held at the home of the bride’s parents and the honeymoon will be spent abroad.</p>
<h3>Memorial service</h3>
<p><strong>Sir Anthony Rowcliffe, Bt.</strong> A service of thanksgiving for the life of Sir Anthony Rowcliffe, 5th Baronet, was held on Thursday at St James’s Church, Piccadilly. The Rev Canon Margaret Hale officiated. Mr Edward Rowcliffe, son, and Miss Alice Rowcliffe, granddaughter, read the lessons. An address was given by Professor Lionel Ashdown, a colleague of many years at the Institute of Historical Research. Among those present were Lady Rowcliffe (widow), Sir Richard Rowcliffe, 6th Bt (son), and members of the family, with representatives of the Society of Antiquaries and of the county record office to which Sir Anthony gave the Rowcliffe papers in 1994.</p>
<h3>Anniversary</h3>
<p><strong>Mr and Mrs R.D. Templeman.</strong> The golden wedding anniversary of Mr Robert Templeman and Mrs Templeman (née Anne Kerslake), who were married at Holy Trinity, Sloane Street, on 27 November 1976.</p>
<p>Announcements for these columns may be sent to the notices desk by post or email. We print only notices confirmed by one of the parties or their families, and we regret that we cannot accept notices by telephone.</p>
""",
    },
    {
        "slug": "hohenzell-aurach-headship-passes-to-hereditary-prince",
        "headline": "Prince Ludwig of Hohenzell-Aurach relinquishes the headship of his house",
        "standfirst": "By a declaration signed at Schloss Aurach, the 78-year-old head of the former princely house has passed the headship to his elder son, Hereditary Prince Maximilian, under the family statute of 1902.",
        "category": "royalty-nobility",
        "kind": "news",
        "author": "a-de-v",
        "days_ago": 3.5,
        "is_lead": True,
        "image": {
            "motif": "crown",
            "alt": "Illustration of a jewelled gold crown with arches, an orb and cross, and an ermine band, on a parchment ground",
            "caption": "A princely crown of the kind shown above the arms of the house in its eighteenth-century inventories.",
            "credit": "After a drawing in the Hohenzell-Aurach inventory of 1788 (private collection). Illustration: Lord’s Press",
        },
        "corrections": [],
        "updated_days_after": 1.5,
        "body": """
<p>Prince Ludwig of Hohenzell-Aurach, who has been head of the former princely house since the death of his father in 1979, has relinquished the headship in favour of his elder son, Hereditary Prince Maximilian, 49. The declaration was signed at Schloss Aurach on Friday in the presence of the members of the family council and a notary, and was communicated the same day to the association of formerly reigning and mediatised houses of which the family is a member.</p>
<p>In a short statement, the family said that Prince Ludwig had taken the decision “in good health and after long consideration”, and that he would continue to live at Aurach and to chair the foundation which administers the family’s archive and collections.</p>
<h2>A private act with a public history</h2>
<p>The house of Hohenzell-Aurach ruled a small county of the Holy Roman Empire, raised to a principality in 1742, until its territories were mediatised in 1806 and passed to the Kingdom of Bavaria. Like the other mediatised houses, it retained for a century a range of privileges, including equality of birth with the reigning dynasties for the purposes of marriage.</p>
<p>Those privileges ended with the Weimar constitution of 1919, under which former titles became part of the surname. Since then the headship of the house has been a matter of private law and family custom rather than public status. It is governed by the house statute of 1902, which provides for succession by male primogeniture among the descendants of the first prince and permits a head of the house to abdicate the headship in favour of the heir with the consent of the family council.</p>
<p>Prince Ludwig is the first head of the house to use that provision. His own father held the headship for forty-six years, and his grandfather for thirty-one.</p>
<h2>The new head of the house</h2>
<p>Prince Maximilian studied forestry at Freising and has managed the family’s woodlands in Upper Franconia since 2004. He married in 2006 Countess Johanna von Seefried-Lauterbach; they have two sons and a daughter. Their elder son, Prince Georg, 17, becomes Hereditary Prince. The younger son of Prince Ludwig, Prince Konstantin, married in June of this year.</p>
<p>The arms of the house, <em>Quarterly, first and fourth Or, a lion rampant Sable; second and third Azure, three mullets Argent</em>, surmounted by the princely crown, are unchanged. By the custom of the house the new head does not take a regnal number.</p>
<p><em>This article was updated on 23 November 2026 to add that a service of blessing for the new head of the house will be held in the castle chapel at Aurach on 6 December, and that the family has asked that no flowers be sent.</em></p>
""",
    },
    {
        "slug": "obituary-charles-stannard-8th-earl-of-wrexley",
        "headline": "The 8th Earl of Wrexley",
        "standfirst": "Landowner and county archivist by avocation who spent half a century cataloguing the parish records of the Welsh Marches. Born 3 March 1939; died 16 November 2026, aged 87.",
        "category": "obituaries",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 6.0,
        "is_lead": False,
        "image": {
            "motif": "laurel",
            "alt": "Illustration of a laurel wreath tied with a ribbon bow, a small star at its centre, on a parchment ground",
            "caption": "The Earl of Wrexley, 1939–2026.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>Charles Edward Stannard, 8th Earl of Wrexley, who has died aged 87, was a Shropshire landowner who devoted much of his life to the preservation of the documentary record of the Welsh Marches. For nineteen years he chaired the trust which supports the county archive, and he was for longer than anyone can remember the first person a churchwarden telephoned on finding a damp chest of papers in a vestry.</p>
<p>He was born at Wrexley Hall on 3 March 1939, the only son of the 7th Earl and his wife, Mary, daughter of a Herefordshire clergyman. He was educated at Shrewsbury and, after National Service in the Royal Navy, at Magdalene College, Cambridge, where he read history. He qualified as a land agent and worked for eight years for a firm in Ludlow before returning to Wrexley on his father’s illness. He succeeded to the earldom in 1974.</p>
<h2>The estate and the archive</h2>
<p>He inherited an estate burdened by two sets of death duties within a generation, and his first decade was spent in its careful reconstruction: the sale of outlying farms, the letting of the principal floor of the house for a time as offices, and the restoration of the home farm. By the early 1990s Wrexley was again solvent, and he could turn to the work that interested him most.</p>
<p>That work was the parish record. Beginning in 1976 with the registers of his own parish, he catalogued, with a small band of volunteers, the records of more than sixty parishes in south-west Shropshire and the neighbouring Welsh border, producing typed and later digital calendars that are still the first resource for local historians. He deposited the Stannard family papers, some four thousand items from the fifteenth century onwards, with the county archive in 1987, and persuaded several neighbouring families to do likewise.</p>
<blockquote><p>He regarded a lost document as a loss to the parish, not merely to the historian, and he said so to anyone who would listen.</p></blockquote>
<p>He rarely spoke in public on other subjects and declined most invitations to do so. He was a Deputy Lieutenant of the county from 1981 and a Fellow of the Society of Antiquaries.</p>
<h2>Family</h2>
<p>He married, in 1966, Rosamund Ellis, a textile conservator, who died in 2019. He is survived by their daughter, Lady Harriet Stannard, who inherits the Wrexley estate. The earldom passes to his second cousin, Thomas Stannard, a retired hydrographer.</p>
<p>Charles Edward Stannard, 8th Earl of Wrexley, born 3 March 1939; died 16 November 2026.</p>
""",
    },
    {
        "slug": "arms-granted-to-edmund-carrow-hale",
        "headline": "Arms granted to a Norfolk land surveyor, with a crest of a demi-hind",
        "standfirst": "Letters patent from the College of Arms record a new grant whose charges allude to the grantee’s profession and to the wheat country of west Norfolk.",
        "category": "heraldry",
        "kind": "news",
        "author": "j-r",
        "days_ago": 9.0,
        "is_lead": False,
        "image": {
            "motif": "pale",
            "alt": "Illustration of a heraldic shield with a broad vertical band bearing three stars, on a parchment ground",
            "caption": "On a pale three mullets: the central charges of the new Carrow Hale arms.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [
            {
                "days_after": 1,
                "text": "An earlier version of this article described the crest as a demi-stag; it is a demi-hind.",
            }
        ],
        "body": """
<p>Letters patent granting arms to Mr Edmund Carrow Hale, a chartered land surveyor of Swaffham, Norfolk, were issued this autumn by the College of Arms under the hands and seals of Garter King of Arms and of Clarenceux King of Arms, in whose province, south of the River Trent, the grantee lives. Mr Carrow Hale has allowed the blazon to be published.</p>
<blockquote><p><em>Arms:</em> Vert, on a pale Argent between two garbs Or three mullets Gules. <em>Crest:</em> On a wreath of the colours a demi-hind proper holding in the mouth an ear of wheat Or. <em>Motto:</em> Mensura et fide.</p></blockquote>
<h2>Reading the arms</h2>
<p>The green field and the two garbs, or wheatsheaves, refer to the arable country of west Norfolk in which the grantee has worked for thirty-five years. The pale, a broad vertical band, stands for the surveyor’s staff, and its three red mullets, or five-pointed stars, for the triangulation points by which land was once measured. The arms observe the rule of tincture throughout: gold charges on a green field, red charges on the silver pale.</p>
<p>The crest, a demi-hind holding an ear of wheat, is taken from the arms of a family from which Mr Carrow Hale descends in the female line but whose arms he could not inherit. The motto, “by measure and by faith”, was chosen by the grantee.</p>
<h2>The procedure</h2>
<p>A grant of arms in England begins with a petition, known as a memorial, addressed to the Earl Marshal, who is asked to issue a warrant authorising the Kings of Arms to make the grant. The petitioner works with one of the officers of arms, who advises on the design and ensures that it is distinct from all arms already on record. Once the warrant is issued, the design is settled and the letters patent are engrossed and painted on vellum by the College’s scribes and artists. The grant is then recorded in the College’s registers, where it becomes part of the permanent armorial record.</p>
<p>Arms are granted to individuals and to corporate bodies who are considered eligible; in the case of individuals, to those of some standing in their profession or community. The arms descend to all the grantee’s legitimate descendants in the male line, with marks of difference for younger sons where that custom is followed, and may be transmitted as quarterings through heraldic heiresses.</p>
<p>Mr Carrow Hale, 62, told Lord’s Press only that the arms would be carved above the door of the practice he founded in 1991, and that his grandchildren had been consulted on the hind.</p>
""",
    },
    {
        "slug": "protocol-who-speaks-for-the-diplomatic-corps",
        "headline": "Protocol: who speaks for the diplomatic corps, and how is the dean chosen?",
        "standfirst": "A reader asks how the dean of a diplomatic corps is selected. In most capitals the answer is arithmetic; in some, it is the Holy See’s envoy by tradition.",
        "category": "protocol",
        "kind": "news",
        "author": "j-r",
        "days_ago": 14.0,
        "is_lead": False,
        "image": {
            "motif": "compass",
            "alt": "Illustration of a compass rose within a graduated ring, on a parchment ground",
            "caption": "Precedence within a diplomatic corps is fixed by date, not by the importance of the state represented.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>A reader in Edinburgh, having watched a new ambassador formally welcomed by a colleague described as “the dean of the corps”, asks how that colleague came to hold the position, and what it entails. The question is simple; the answer has taken three centuries to settle.</p>
<h2>Seniority by date</h2>
<p>Before 1815, precedence among envoys was a fertile source of quarrels. Ambassadors of crowned heads disputed the right to enter first, to sit nearest the host or to have their carriages pass first in a narrow street; the disputes were sometimes settled by force. The Congress of Vienna ended the matter with a regulation of March 1815 which divided envoys into classes and fixed precedence within each class by the date of official notification of arrival.</p>
<p>The Vienna Convention on Diplomatic Relations of 1961 restated the rule. Article 16 provides that heads of mission take precedence in their respective classes in the order of the date and time of taking up their functions. The longest-serving ambassador in a capital is therefore, in most places, the dean of the diplomatic corps, regardless of the size or power of the state he or she represents. It is not unusual for the dean to be the envoy of a small state whose government has chosen to leave an able ambassador in post for many years.</p>
<h2>The nuncio</h2>
<p>The same article adds that the rule is without prejudice to any practice accepted by the receiving State regarding the precedence of the representative of the Holy See. In a number of countries, chiefly but not only those with a Catholic tradition in Europe and Latin America, the Apostolic Nuncio is the dean of the corps ex officio, whatever the date of his arrival. Elsewhere, including in London, the nuncio takes his place by seniority like any other head of mission.</p>
<h2>What the dean does</h2>
<p>The office is representative and ceremonial rather than political. The dean:</p>
<ul>
<li>welcomes new heads of mission and bids farewell to departing ones on behalf of the corps;</li>
<li>speaks for the corps on ceremonial occasions, such as the exchange of greetings at the new year where that custom exists;</li>
<li>acts as an intermediary with the host government’s protocol department on matters affecting the corps as a whole, such as privileges, security or arrangements for state occasions.</li>
</ul>
<p>The dean does not speak for the corps on questions of policy, on which its members may be in sharp disagreement. A dean who mistook the office for a mandate would soon find that the corps had no collective view to express. When a dean leaves, the office passes without election or ceremony to the next in seniority.</p>
""",
    },
    {
        "slug": "lateran-treaty-ninety-seven-years",
        "headline": "Ninety-seven years on, the Lateran Treaty still shapes a diplomatic corps of its own",
        "standfirst": "Signed on 11 February 1929, the treaty created the Vatican City State and settled the Roman Question. Its diplomatic consequences are still visible in the embassies along the Tiber.",
        "category": "history",
        "kind": "news",
        "author": "a-de-v",
        "days_ago": 287.0,
        "is_lead": False,
        "image": {
            "motif": "seal",
            "alt": "Illustration of a circular metal seal with a beaded rim and a small shield at its centre, on a parchment ground",
            "caption": "A seal of the kind appended to treaties and their instruments of ratification.",
            "credit": "After an eighteenth-century seal matrix (private collection). Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>On 11 February 1929, in the Lateran Palace in Rome, Cardinal Pietro Gasparri, Secretary of State to Pope Pius XI, and Benito Mussolini, as head of the Italian government, signed the three instruments known together as the Lateran Pacts: a treaty, a concordat and a financial convention. The ratifications were exchanged in June of the same year. Today, on the ninety-seventh anniversary, it is worth recalling what the treaty did and did not do.</p>
<h2>The Roman Question</h2>
<p>Since the capture of Rome by Italian troops in September 1870, the popes had refused to recognise the loss of the Papal States and had regarded themselves as prisoners in the Vatican. The Italian Law of Guarantees of 1871 offered the papacy certain privileges but was never accepted. For nearly sixty years the relationship between the Holy See and the Kingdom of Italy remained formally unresolved; this was the Roman Question.</p>
<p>The treaty resolved it by creating a new state, the Vatican City, of some forty-four hectares, under the sovereignty of the Holy See, and by recognising the Holy See’s sovereignty in international affairs. In return the Holy See recognised the Kingdom of Italy with Rome as its capital. The concordat regulated the position of the Church in Italy; it was substantially revised by a new agreement signed in 1984.</p>
<h2>A corps of its own</h2>
<p>The treaty confirmed the Holy See’s right of active and passive legation, that is, to send and receive diplomatic envoys, and provided that envoys accredited to it should continue to enjoy their privileges in Italian territory even if their states had no relations with Italy. The Holy See now maintains diplomatic relations with more than 180 states.</p>
<p>One consequence is a diplomatic corps quite separate from that accredited to Italy. By the practice of the Holy See, an ambassador to Italy may not be accredited at the same time to the Holy See, and the two embassies of a single state are kept apart. A number of states accredit to the Holy See an ambassador resident in another capital.</p>
<h2>The anniversary</h2>
<p>The anniversary of the pacts is customarily marked by a reception given by the Italian Embassy to the Holy See at the Palazzo Borromeo, attended by senior officials of both states. It is one of the few occasions on which the two diplomatic corps of Rome meet in a single room.</p>
<p>The original instruments are preserved in the archives of both parties. The treaty has survived the fall of the regime that signed it, the end of the Italian monarchy in 1946 and the revision of the concordat; its territorial settlement has not been altered since 1929.</p>
""",
    },
    {
        "slug": "memorial-services-and-thanksgivings-november",
        "headline": "Memorial services: the Dowager Countess of Halsmere and Baron Pieter van Oordt",
        "standfirst": "Arrangements for forthcoming services of thanksgiving, with details of attendance and of donations in lieu of flowers.",
        "category": "notices",
        "kind": "notice",
        "author": "lp-staff-writers",
        "days_ago": 21.0,
        "is_lead": False,
        "image": None,
        "corrections": [],
        "body": """
<h3>Elisabeth, Dowager Countess of Halsmere</h3>
<p>A service of thanksgiving for the life of Elisabeth, Dowager Countess of Halsmere, who died on 2 September aged 94, will be held at the Grosvenor Chapel, South Audley Street, London W1, on Thursday, 26 November, at 11.30 am. All who knew her are welcome; it is not necessary to apply for tickets. Donations in her memory may be sent to the charity for retired domestic staff of which she was patron for thirty years.</p>
<p>Lady Halsmere was born in Vienna in 1932, the daughter of a diplomat, and came to England as a child. She married in 1955 the 6th Earl of Halsmere, who died in 1998, and for many years was chairman of the committee responsible for the conservation of the tapestries at Halsmere Court. The present Earl is her son.</p>
<h3>Baron Pieter van Oordt</h3>
<p>A memorial service for Baron Pieter van Oordt, a former member of the Netherlands diplomatic service who died in The Hague on 11 October aged 88, will be held at the Dutch Church, Austin Friars, London EC2, on Monday, 7 December, at 6 pm, followed by a reception. Those wishing to attend are asked to inform the family through the church office by 30 November. Baron van Oordt served in London in the 1970s and again as Minister Plenipotentiary from 1989 to 1993, and retained a lifelong attachment to the city.</p>
<h3>Colonel Sir Giles Farrant</h3>
<p>A service of thanksgiving for the life of Colonel Sir Giles Farrant, who died on 30 August aged 91, was held on Tuesday, 3 November, at the Guards’ Chapel, Wellington Barracks. The Rev Simon Everard officiated. Mr Nicholas Farrant, son, read the lesson, and an address was given by Major General (retd) Hugh Annesley-Stowe. The service was attended by members of the family, past and present members of his regiment, and representatives of the regimental association and of the almshouse trust which he chaired from 1996 to 2015.</p>
<h3>Notices of this kind</h3>
<p>Lord’s Press publishes notices of memorial services and thanksgivings without charge, on the request of the family or of the officiating clergy. We ask for the full name and any title or style of the deceased as the family wishes it to be printed, the date and place of death, and the details of the service. Reports of services held are printed as supplied by the family, and we do not add names of those present beyond those the family provides.</p>
""",
    },
    {
        "slug": "lyon-court-matriculation-strachurran-cadet",
        "headline": "Lyon Court matriculates arms for a cadet of the Strachurrans",
        "standfirst": "A younger son’s matriculation, differenced by a green bordure, is a reminder of a distinctive feature of Scottish heraldry: arms belong to one person at a time.",
        "category": "heraldry",
        "kind": "news",
        "author": "a-de-v",
        "days_ago": 38.0,
        "is_lead": False,
        "image": {
            "motif": "saltire",
            "alt": "Illustration of a heraldic shield bearing a saltire, a diagonal cross, on a parchment ground",
            "caption": "A saltire: the principal charge of the Strachurran arms.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>The Court of the Lord Lyon has matriculated arms for Mr Alasdair Lennox Strachurran, younger son of the late Ronald Strachurran of Inchvannie, in Perthshire. The matriculation, recorded in the Public Register of All Arms and Bearings in Scotland, gives Mr Strachurran the paternal arms with a mark of cadency appropriate to a second son.</p>
<blockquote><p><em>Arms:</em> Argent, a saltire engrailed Azure between four crescents Gules, all within a bordure Vert. <em>Crest:</em> A dexter hand holding a sprig of juniper proper. <em>Motto:</em> Firmus maneo.</p></blockquote>
<h2>One person, one coat</h2>
<p>In Scotland, unlike in much of continental Europe, arms are not the property of a family as a whole. The undifferenced coat belongs to one person at a time: the head of the line, who in this case is Mr Strachurran’s elder brother. Every other descendant who wishes to use the arms must apply to the Lord Lyon to matriculate them, that is, to have them re-recorded in his or her own name with an appropriate difference.</p>
<p>The differences follow a system, usually associated with the bordure. A second son of the chief of a line is commonly given a plain bordure of a tincture chosen to contrast with the field; the sons of that second son, in their turn, may matriculate with the bordure altered by a line of partition or by charges upon it. Read correctly, the bordures of a Scottish armorial trace the branches of a family over generations. The green bordure chosen here sits on a silver field and so observes the rule that colour should not be placed on colour.</p>
<h2>A court and a register</h2>
<p>The Court of the Lord Lyon is both the heraldic authority for Scotland and a court of law, with jurisdiction over the use of arms. The Public Register, established by an Act of the Parliament of Scotland in 1672, records every grant and matriculation since; its continuity is one of the great assets of Scottish heraldry, since a matriculation must be supported by proof of descent from a person already on record.</p>
<p>Mr Strachurran’s petition was supported by extracts from the statutory registers of births and marriages and by the matriculation of his father, recorded in 1968. The process took eleven months. The arms will be used, he said, on a bookplate and on the memorial to his father in the kirk at Inchvannie.</p>
""",
    },
    {
        "slug": "vienna-convention-diplomatic-relations-at-sixty-five",
        "headline": "The Vienna Convention on Diplomatic Relations at sixty-five",
        "standfirst": "Signed on 18 April 1961, the convention codified centuries of custom in fifty-three articles. It remains the most widely ratified treaty governing relations between states.",
        "category": "diplomacy",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 221.0,
        "is_lead": False,
        "image": {
            "motif": "columns",
            "alt": "Illustration of a classical portico, columns beneath a pediment, drawn in the manner of an engraving",
            "caption": "The conference that drafted the convention met in Vienna in the spring of 1961.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>Sixty-five years ago today, on 18 April 1961, the Vienna Convention on Diplomatic Relations was signed, its text having been agreed by the United Nations Conference on Diplomatic Intercourse and Immunities, which met in Vienna that spring. It entered into force on 24 April 1964. Today it binds almost every state in the world, and its provisions are so familiar that it is easy to forget how recently they were written down.</p>
<h2>Custom made law</h2>
<p>Much of the convention codified rules that had been observed for centuries as a matter of customary international law: that an envoy’s person is inviolable, that the premises of a mission may not be entered without consent, that a diplomat is immune from the criminal jurisdiction of the receiving State. The drafters, working from texts prepared by the International Law Commission, were concerned less to invent than to settle questions on which practice had diverged.</p>
<p>Among the provisions most often cited:</p>
<ul>
<li><strong>Article 4</strong>, which requires the sending State to make certain that the agrément of the receiving State has been given for the person it proposes as head of mission;</li>
<li><strong>Article 9</strong>, under which the receiving State may at any time, and without giving reasons, declare a member of a mission <em>persona non grata</em>;</li>
<li><strong>Article 22</strong>, on the inviolability of mission premises;</li>
<li><strong>Article 27</strong>, which protects the diplomatic bag from being opened or detained;</li>
<li><strong>Article 29</strong>, on the inviolability of the person of a diplomatic agent.</li>
</ul>
<h2>The classes of envoy</h2>
<p>Article 14 preserved the three classes of head of mission inherited from the Vienna regulation of 1815 and its later amendment: ambassadors and nuncios accredited to heads of state; envoys, ministers and internuncios, also accredited to heads of state; and chargés d’affaires accredited to ministers for foreign affairs. The second class has almost disappeared in practice, as states have raised their legations to embassies, but it remains in the text.</p>
<p>The convention also fixed, in Article 16, the rule of precedence by date of taking up functions that governs every diplomatic corps, and so determines who greets whom, who sits where and who becomes dean.</p>
<h2>In the United Kingdom</h2>
<p>The United Kingdom gave effect to the convention by the Diplomatic Privileges Act 1964, which reproduces the relevant articles in a schedule. Questions about the scope of immunity in the English courts are therefore usually questions about the meaning of the convention itself.</p>
<p>Two optional protocols, on the acquisition of nationality and on the compulsory settlement of disputes, were adopted at the same time and have attracted far fewer parties. A companion convention on consular relations followed in 1963.</p>
""",
    },
    {
        "slug": "congress-of-vienna-final-act-210-years",
        "headline": "The Final Act of the Congress of Vienna, 210 years on",
        "standfirst": "Signed on 9 June 1815, nine days before Waterloo, the Final Act redrew the map of Europe. Its least celebrated annex, on the rank of diplomatic agents, has proved among the most durable.",
        "category": "history",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 534.0,
        "is_lead": False,
        "image": {
            "motif": "laurel",
            "alt": "Illustration of a laurel wreath tied with a ribbon bow, a small star at its centre, on a parchment ground",
            "caption": "The settlement of 1815 was celebrated with more laurels than its architects expected it to earn.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [
            {
                "days_after": 2,
                "text": "An earlier version of this article gave the date of the Final Act as 9 July 1815; it was signed on 9 June 1815, nine days before the battle of Waterloo.",
            }
        ],
        "body": """
<p>Two hundred and ten years ago today, on 9 June 1815, the plenipotentiaries of the powers assembled at Vienna signed the General Act of the Congress, usually called the Final Act. Napoleon had returned from Elba in March; the allied armies were marching; and the diplomats, anxious that their work should not be undone by the campaign, gathered its many separate agreements into a single instrument of 121 articles with seventeen annexes. The battle of Waterloo was fought nine days later.</p>
<h2>The settlement</h2>
<p>The Final Act created the German Confederation in place of the Holy Roman Empire, dissolved in 1806; united the former Austrian Netherlands with the Dutch provinces in a new Kingdom of the Netherlands; established a Kingdom of Poland under the Russian emperor; enlarged Prussia in the Rhineland and Saxony; and restored or confirmed a long list of sovereigns in Italy and Germany. It was signed by Austria, France, Great Britain, Portugal, Prussia, Russia and Sweden. Spain, dissatisfied with the settlement in Italy, declined to sign and acceded only in 1817.</p>
<p>The annexes included the declaration of the powers against the slave trade, agreed in February 1815, and regulations on the navigation of international rivers, from which the commission that still oversees navigation on the Rhine traces its origins.</p>
<h2>The regulation on diplomatic rank</h2>
<p>To a journal concerned with protocol, the most consequential annex is the seventeenth: the regulation on the rank of diplomatic agents, agreed on 19 March 1815. Before it, precedence between envoys had depended on the claimed precedence of their sovereigns, a subject on which no two courts agreed. Ambassadors had quarrelled over the right of entry, the order of carriages and the placing of chairs, and more than one negotiation had foundered before it began.</p>
<p>The regulation divided diplomatic agents into three classes: ambassadors, legates and nuncios; envoys and ministers accredited to sovereigns; and chargés d’affaires accredited to ministers for foreign affairs. Within each class, agents were to rank according to the date of the official notification of their arrival. Ties of family between courts were to confer no rank on their envoys. Where several powers signing an instrument admitted the practice of the <em>alternat</em>, the order of signatures was to be decided by lot.</p>
<p>A protocol agreed at Aix-la-Chapelle in 1818 added a class of ministers resident between the second and third. With that amendment, the system survived unchanged in its essentials until the Vienna Convention on Diplomatic Relations restated it in 1961.</p>
<h2>The document</h2>
<p>The Austrian original of the Final Act is held in the state archives in Vienna; each signatory power received its own instrument. It is a bulky thing, bound and sealed, and seldom displayed. Its durability owes less to its grandeur than to the dullness of the rules it contains: nobody has since found a better way to decide who enters first.</p>
""",
    },
    {
        "slug": "peace-of-utrecht-art-of-renunciation",
        "headline": "The Peace of Utrecht and the art of the renunciation",
        "standfirst": "The treaties signed at Utrecht on 11 April 1713 ended a war over one inheritance by requiring princes to renounce others. The documents that did so repay a closer reading.",
        "category": "history",
        "kind": "news",
        "author": "j-r",
        "days_ago": 593.0,
        "is_lead": False,
        "image": {
            "motif": "quartered",
            "alt": "Illustration of a quartered heraldic shield with a small shield bearing a star at its centre, on a parchment ground",
            "caption": "Quartered arms recorded dynastic claims; the Utrecht settlement depended on the renunciation of some of them.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>On 11 April 1713, at Utrecht, the plenipotentiaries of Louis XIV signed separate treaties of peace with Great Britain, the Dutch Republic, Prussia, Portugal and Savoy. Spain concluded its own treaty with Great Britain in July, and the Emperor, who had refused to join the settlement, made peace with France at Rastatt and Baden in 1714. Together these instruments are known as the Peace of Utrecht, and they ended the War of the Spanish Succession.</p>
<h2>An inheritance divided</h2>
<p>The war had begun over the will of Charles II of Spain, who died childless in 1700 and left his crowns to Philip, Duke of Anjou, a grandson of Louis XIV. The prospect that one Bourbon prince might one day inherit both France and Spain united most of Europe against him. The peace accepted Philip as King of Spain and of the Indies, but on a condition without which no settlement was possible: that the crowns of France and Spain should never be united.</p>
<p>The condition was secured by renunciations. Philip renounced, for himself and his descendants, any right to the French throne, in an act made before the Spanish Cortes in November 1712. The French princes next in line, the Duke of Berry and the Duke of Orléans, renounced their rights to the Spanish succession. The renunciations were registered and incorporated in the treaties, so that a private act of dynastic law became an obligation between states.</p>
<h2>Whether a renunciation binds</h2>
<p>French jurists doubted at the time, and some have doubted since, that a prince could renounce a right to the throne which, under the fundamental laws of the French kingdom, came to him by birth and not by anyone’s gift. The question was never tested: the lines of Louis XV and of the Spanish Bourbons did not in the event collide. But it has been revived in every generation by those who take an interest in the dormant claims of the Bourbon princes, and the text of the renunciations is still cited.</p>
<h2>What else changed</h2>
<p>The treaties brought Great Britain Gibraltar and Minorca from Spain, and Newfoundland, Acadia and the Hudson Bay territories from France, together with the asiento, the contract to supply enslaved Africans to Spanish America. France recognised the Protestant succession in Britain and the royal title of the King in Prussia. The Duke of Savoy received Sicily with the title of king, which he exchanged for Sardinia a few years later.</p>
<p>The originals of the British treaties are preserved at the National Archives at Kew. They are modest documents for so large a settlement, and the renunciations occupy only a few pages of each; but those pages carried the weight of the whole.</p>
""",
    },
    {
        "slug": "westphalia-peace-remembered-in-two-halls",
        "headline": "The Peace of Westphalia, remembered in two halls",
        "standfirst": "On 24 October 1648 the treaties that ended the Thirty Years’ War were signed at Münster. Both Münster and Osnabrück still keep the rooms in which the peace was made.",
        "category": "history",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 397.0,
        "is_lead": False,
        "image": {
            "motif": "seal",
            "alt": "Illustration of a circular metal seal with a beaded rim and a small shield at its centre, on a parchment ground",
            "caption": "Each of the Westphalian instruments carried the seals of the envoys who signed it.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>On 24 October 1648, in Münster, the envoys of the Emperor, of France and of Sweden signed the two treaties that ended the Thirty Years’ War in the Empire: the Treaty of Osnabrück, between the Emperor and Sweden, and the Treaty of Münster, between the Emperor and France. Together with the peace concluded earlier that year between Spain and the Dutch Republic, they form the Peace of Westphalia.</p>
<h2>Two towns, one congress</h2>
<p>The negotiations had begun in earnest in 1644 and were divided between two Westphalian towns some fifty kilometres apart. The Catholic powers and their mediators met at Münster; the Swedes and the Protestant estates of the Empire at Osnabrück. Couriers rode between them. The division spared the delegates a ruinous question of precedence between the crowns of France and Sweden, and spared Protestant and Catholic envoys the difficulty of sharing a town whose churches belonged to one confession.</p>
<p>Both town halls preserve the rooms associated with the congress. Münster’s Friedenssaal, the old council chamber with its carved panelling, is where the peace between Spain and the Dutch Republic was sworn in May 1648, the scene recorded by Gerard ter Borch in the small painting now in the National Gallery in London. Osnabrück’s hall of peace is hung with portraits of the envoys. Both towns describe themselves as cities of peace and mark the anniversary each October.</p>
<h2>What the treaties did</h2>
<p>The treaties settled the religious question in the Empire by fixing 1624 as the normative year for the possession of church property and the exercise of religion, and extended the religious peace of 1555 to the Reformed confession. They confirmed the right of the estates of the Empire to make alliances with foreign powers, provided those alliances were not directed against the Emperor or the Empire. They recognised the independence of the Dutch Republic and the exemption of the Swiss Confederation from the jurisdiction of the Empire, and they awarded territory to France and Sweden.</p>
<h2>A later reputation</h2>
<p>In the twentieth century “Westphalia” became shorthand for a system of sovereign states, equal in law and free from outside interference. Historians have pointed out that the treaties themselves say little about sovereignty in that sense, and that the Empire they regulated was anything but a collection of sovereign states. The reputation is nevertheless part of the history of the peace, and it explains why the anniversary attracts diplomats as well as historians.</p>
<p>The originals of the two treaties of October 1648 are preserved in the archives of the signatory powers; facsimiles are displayed in both halls.</p>
""",
    },
    {
        "slug": "obituary-princess-adelheid-of-saxe-lindenau",
        "headline": "Princess Adelheid of Saxe-Lindenau",
        "standfirst": "Textile conservator who spent four decades recovering the dispersed archive of her family’s Thuringian seat. Born 14 March 1931; died 9 August 2026, aged 95.",
        "category": "obituaries",
        "kind": "news",
        "author": "a-de-v",
        "days_ago": 104.0,
        "is_lead": False,
        "image": {
            "motif": "crown",
            "alt": "Illustration of a jewelled gold crown with arches, an orb and cross, and an ermine band, on a parchment ground",
            "caption": "A princely crown of the kind drawn above the Lindenau arms.",
            "credit": "After the Saxe-Lindenau armorial, circa 1790 (private collection). Illustration: Lord’s Press",
        },
        "corrections": [
            {
                "days_after": 3,
                "text": "An earlier version of this article gave the year of her marriage as 1956; it was 1957.",
            }
        ],
        "body": """
<p>Princess Adelheid of Saxe-Lindenau, who has died at Tegernsee aged 95, was the last surviving member of her family to have been born at Schloss Lindenau, the Thuringian house which the princely line of Saxe-Lindenau, a non-reigning cadet branch of an Ernestine house, had occupied since the eighteenth century. She left it at fourteen and spent much of the rest of her life recovering what could be recovered of its contents.</p>
<p>She was born on 14 March 1931, the second of four children of Prince Friedrich of Saxe-Lindenau and his wife, Countess Marie of Trauttendorf. In the spring of 1945, with her father a prisoner of war, she travelled west with her mother and siblings, carrying, as she later recalled, a single suitcase of family letters. In the autumn of that year the estate, like every holding of more than a hundred hectares in the Soviet zone of occupation, was expropriated in the land reform, and the house was used successively as a school, a sanatorium and offices.</p>
<h2>A conservator’s life</h2>
<p>The family settled in Bavaria. Princess Adelheid trained as a textile conservator and worked for a quarter of a century at a Munich museum, specialising in liturgical vestments and in the conservation of banners. She married, in 1957, Count Felix von Reichenau-Thal, an engineer, who died in 1999.</p>
<h2>The archive</h2>
<p>After German reunification, the courts confirmed that the expropriations of 1945 to 1949 would not be reversed, and the family did not recover the house or its land. A law of 1994 did, however, provide for the return of movable property, and Princess Adelheid made the family archive her cause. Over many years, working with state archivists in Thuringia whom she came to regard as colleagues, she identified and recovered some eleven thousand documents, from charters of the fifteenth century to the household accounts of 1944, together with the armorial of circa 1790 from which the family’s arms are now usually drawn.</p>
<p>She declined to sell any of it. The archive was placed in a family foundation and deposited, by agreement, with the state archive in whose district Lindenau lies, on condition that it remain open to researchers. She regarded that condition as the most important clause of the agreement.</p>
<blockquote><p>She spoke of the papers not as property but as witnesses, and held that witnesses belonged where they could be questioned.</p></blockquote>
<p>She is survived by her son, Count Georg von Reichenau-Thal, by her daughter, Countess Sophie, by five grandchildren and by three great-grandchildren.</p>
<p>Princess Adelheid of Saxe-Lindenau, born 14 March 1931; died 9 August 2026.</p>
""",
    },
    {
        "slug": "obituary-count-ferdinand-ortenstein-haller",
        "headline": "Count Ferdinand Ortenstein-Haller",
        "standfirst": "Styrian forester, chronicler of wayside shrines and, by Austrian law, plain Herr Ortenstein-Haller. Born 2 May 1936; died 12 November 2025, aged 89.",
        "category": "obituaries",
        "kind": "news",
        "author": "j-r",
        "days_ago": 372.0,
        "is_lead": False,
        "image": None,
        "corrections": [],
        "body": """
<p>Ferdinand Ortenstein-Haller, who has died in Graz aged 89, was known to his neighbours in the Styrian hills as the Count and to the Republic of Austria as Herr Ortenstein-Haller. The Austrian law of April 1919 which abolished the nobility also forbade the use of noble titles and predicates, and the prohibition remains in force; Austrian newspapers accordingly printed his death notice without a title. Lord’s Press follows its usual practice of recording the style by which he was known, while noting that it had no legal standing in his own country.</p>
<p>He was born in Graz on 2 May 1936, the elder son of an officer who had served in the last years of the imperial army and who afterwards managed the family’s forests in the valley of the Mur. He studied forestry at the university in Vienna and returned in 1961 to take over the woods, some 1,400 hectares of spruce, larch and beech which had been in the family since the seventeenth century and which he managed for almost fifty years.</p>
<h2>The forester</h2>
<p>He was an early advocate of mixed planting and of natural regeneration, practices which were regarded as eccentric in the 1960s and are now orthodox. For twelve years he presided over the regional association of forest owners, and he was often called upon to explain to ministers the economics of a crop that takes eighty years to mature. He did so patiently, and rarely in public.</p>
<h2>The shrines</h2>
<p>His second occupation began by accident in 1974, when a roadside shrine on his land was struck by a lorry. In restoring it he found a painted panel beneath a later one, and a date of 1683. Over the following thirty years he recorded, photographed and described more than nine hundred wayside shrines and crosses in Styria, many of them on private land and unknown to the authorities. His card index, deposited with the provincial archive in 2010, is the standard record, and his advice was sought whenever a shrine was to be moved or restored.</p>
<p>He was a Knight of Honour and Devotion of the Sovereign Military Order of Malta and for many years accompanied its pilgrimages to Lourdes, pushing wheelchairs rather than marching in procession.</p>
<p>He married, in 1962, Maria-Theresia Wendling, who survives him with their two sons and a daughter. The forests pass to his elder son, Johannes.</p>
<p>Ferdinand Ortenstein-Haller, born 2 May 1936; died 12 November 2025.</p>
""",
    },
    {
        "slug": "obituary-donna-costanza-valdimonte",
        "headline": "Donna Costanza Valdimonte",
        "standfirst": "Florentine palaeographer who waded into the flood of 1966 to rescue the archives she spent her life cataloguing. Born 21 January 1929; died 8 August 2025, aged 96.",
        "category": "obituaries",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 470.0,
        "is_lead": False,
        "image": {
            "motif": "shield",
            "alt": "Illustration of a heraldic shield with a plain border and three roundels, on a parchment ground",
            "caption": "The Valdimonte arms were carved above the door of the family palazzo in the Oltrarno.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>Costanza Valdimonte, who has died in Florence aged 96, was known in the city all her life as Donna Costanza, the style of the daughter of a marchese, though the Italian republic, whose constitution of 1948 declines to recognise titles of nobility, knew her simply as Dottoressa Valdimonte. She regarded the distinction with amusement and the doctorate with rather more pride. She was a palaeographer of distinction, and for half a century one of the people who knew most about the private archives of Tuscany.</p>
<p>She was born in the family palazzo in the Oltrarno on 21 January 1929, the only child of the last Marchese di Roccaviva, whose title, created by a Grand Duke of Tuscany in 1741, passed under its terms only to male heirs and so became extinct at his death in 1971. She studied at the University of Florence, where she took a degree in medieval history in 1952, and trained afterwards in palaeography and diplomatics.</p>
<h2>The flood</h2>
<p>On 4 November 1966 the Arno burst its banks and flooded much of the centre of Florence, submerging libraries and archives under water and mud. She spent the following months among the volunteers, many of them students, who lifted waterlogged documents from cellars, washed and dried them, and recorded what had been lost. She was then 37, and was given charge of a group working on notarial registers. She rarely spoke of those months, but she kept a photograph of her team on her desk until the end of her life.</p>
<h2>The private archives</h2>
<p>Her principal work was the cataloguing of the archives of Florentine and Tuscan families, which she undertook over forty years for owners who trusted her discretion. Her inventories, of which more than sixty were eventually published, made accessible to scholars collections that had often not been opened for generations. In 1978 she deposited the Valdimonte papers themselves with the state archive in Florence, and she encouraged many other families to do likewise, arguing that a deposit preserved ownership while guaranteeing care and access.</p>
<blockquote><p>An archive that no one may read, she liked to say, is only a fire waiting for a match.</p></blockquote>
<p>She did not marry. The palazzo, long divided into apartments, passes to a cousin; the arms, <em>Gules, three roundels Or within a bordure Argent</em>, carved above its door, now belong to history.</p>
<p>Donna Costanza Valdimonte, born 21 January 1929; died 8 August 2025.</p>
""",
    },
    {
        "slug": "protocol-dowagers-widows-and-precedence",
        "headline": "Protocol: dowagers, widows and the question of precedence",
        "standfirst": "When a peer dies and his successor marries, his widow may become a dowager, or may not. A note on styles, precedence and the choices families now make.",
        "category": "protocol",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 126.0,
        "is_lead": False,
        "image": {
            "motif": "shield",
            "alt": "Illustration of a heraldic shield with a plain border and three roundels, on a parchment ground",
            "caption": "A widow retains the precedence of her late husband’s rank for as long as she remains a widow.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>Several readers have written since the spring, prompted by a series of successions, to ask how the widow of a peer should be described, and where she should be placed at table. The conventions are not complicated, but they have changed within living memory, and families now exercise a choice that was not open to their grandparents.</p>
<h2>The widow’s style</h2>
<p>The widow of a peer keeps her title. If her husband’s successor is unmarried, she continues to be styled exactly as before: the Countess of Halsmere, for example. Once the successor marries, there are two countesses of the same title, and the widow must be distinguished. Traditionally this was done by the prefix “Dowager”: the Dowager Countess of Halsmere. The prefix belongs to the senior widow of the title; if there is a second, more junior widow, she is distinguished by her forename.</p>
<p>The alternative, which many widows now prefer and which is equally correct, is to place the forename before the title: Elisabeth, Countess of Halsmere. The choice is the widow’s, and the usage she adopts should be followed in correspondence, on place cards and in print. Lord’s Press uses whichever form the lady herself uses.</p>
<h2>Precedence</h2>
<p>A widow retains the precedence derived from her late husband’s rank for so long as she remains a widow. At a dinner, therefore, the widow of an earl is placed among the wives and widows of earls, in the order of the creation of their husbands’ peerages. Where the dowager and the wife of the present holder are both present, long custom gives the dowager the first place between them.</p>
<p>If a peer’s widow remarries, she takes her style and precedence from her new husband. The older practice by which a remarried widow continued to be known socially by her former title, even after marrying a commoner, has largely fallen out of use, though it is still occasionally encountered among older families on the Continent.</p>
<h2>The former wife</h2>
<p>The former wife of a peer, after a divorce, customarily uses her forename before the title, in the same form as a widow who has chosen not to be called dowager, until she remarries. She does not, however, retain the precedence of a peeress. In practice this distinction is rarely tested, since hosts who know the family will seat her as they think best.</p>
<h2>In short</h2>
<ul>
<li>Use the form the lady herself uses: “Dowager” or the forename style.</li>
<li>Place a widow by her late husband’s rank; a remarried widow by her new husband’s.</li>
<li>Where there is doubt, ask the family’s office, which will have been asked before.</li>
</ul>
""",
    },
    {
        "slug": "protocol-when-flags-fly-at-half-mast",
        "headline": "Protocol: when flags fly at half-mast, and how",
        "standfirst": "Half-mast is not halfway, the flag goes to the top before it comes down, and one flag never half-masts at all. A short guide to a much-misunderstood practice.",
        "category": "protocol",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 248.0,
        "is_lead": False,
        "image": None,
        "corrections": [],
        "body": """
<p>Few ceremonial practices are observed as widely, or as inconsistently, as the flying of flags at half-mast. Town halls, churches, schools and private houses all take part, and enquiries reach this journal whenever a death is announced. The following notes describe the usual practice in the United Kingdom; other countries differ in detail.</p>
<h2>Where the flag should be</h2>
<p>A flag at half-mast is not flown halfway up the pole. The usual guidance is that it should be flown about two-thirds of the way up, so that there is at least the height of the flag between its top and the top of the pole. A flag lowered only slightly looks as if it has slipped; one lowered to the middle of a short pole may look as if it is being hoisted.</p>
<p>When a flag is to be flown at half-mast, it is first raised briskly to the top of the pole and then lowered slowly to the half-mast position. At the end of the day it is raised to the top again before being lowered. The practice, which is widely observed in other countries, is intended to show that the lowering is deliberate.</p>
<h2>When flags are half-masted</h2>
<p>Flags on government buildings are flown at half-mast on the instruction of the Sovereign, conveyed through the Department for Culture, Media and Sport, which publishes guidance for the purpose. Occasions have included the death of a member of the Royal Family, of a serving or former Prime Minister and of a foreign head of state, and days of national mourning. Other organisations are free to follow the instruction or not; many do, and some half-mast on the death of their own members or benefactors.</p>
<p>On the death of the Sovereign, flags are half-masted from the announcement until the day after the funeral, with the exception of the day on which the accession of the new Sovereign is proclaimed, when they are raised to full mast for the period of the proclamations.</p>
<h2>The exception</h2>
<p>The Royal Standard is never flown at half-mast. It represents the Sovereign and the monarchy, which is continuous: on the death of one Sovereign, the next succeeds at once, and there is never a moment at which the Standard has no one to represent.</p>
<h2>Where a flag cannot be lowered</h2>
<p>Some flags cannot be half-masted: those hung from a horizontal pole on a façade, for instance, or painted on a wall. In the United Kingdom such flags are usually simply not flown during the mourning period. In several continental countries, including Germany, the practice is instead to attach a black ribbon or crape to the flag or its pole, which is the accepted equivalent of lowering it.</p>
<p>Those responsible for a flagpole should be sure of its halyard before they need it. A flag that will not come down, or will not go back up, is a small embarrassment on an occasion that admits none.</p>
""",
    },
    {
        "slug": "notice-protocol-circle-winter-lecture-and-reception",
        "headline": "Notice: the Protocol Circle winter lecture and reception",
        "standfirst": "Arrangements for the annual winter lecture, on the seating plan as an instrument of diplomacy, and for the reception that follows.",
        "category": "protocol",
        "kind": "notice",
        "author": "lp-staff-writers",
        "days_ago": 48.0,
        "is_lead": False,
        "image": None,
        "corrections": [],
        "body": """
<p>The Protocol Circle, a dining society of serving and former protocol officers, ceremonial staff and members of the diplomatic service, has asked Lord’s Press to publish the following arrangements for its winter lecture and reception, to which members may bring guests.</p>
<h2>The lecture</h2>
<p>The winter lecture will be given on Thursday, 10 December 2026, at 6.15 pm, in the Great Room at Wyndham Hall, 9 Bury Street, London SW1. The lecturer will be Dr Helena Morcombe, formerly deputy head of a European state protocol service and the author of a study of placement at multilateral summits. Her subject is “The seating plan as treaty: placement at multilateral dinners, 1815 to the present”.</p>
<p>Dr Morcombe will consider how the organisers of congresses and summits have reconciled the competing claims of heads of state and of government, of monarchs and presidents, and of hosts and guests, and how the round table, the alphabetical order and the rule of seniority have each been used to avoid giving offence. The lecture will last about forty-five minutes and will be followed by questions. It will not be recorded.</p>
<h2>The reception</h2>
<p>A reception will follow in the Long Gallery from 7.15 pm until 8.45 pm. The chairman of the Circle will propose the customary toast to absent colleagues.</p>
<h2>Arrangements</h2>
<ul>
<li><strong>Dress:</strong> lounge suit or equivalent; decorations will not be worn.</li>
<li><strong>Replies:</strong> members are asked to reply to the honorary secretary by Friday, 20 November, giving the names of any guests as they should appear on the list of those present.</li>
<li><strong>Guests:</strong> each member may bring one guest. Serving members of the diplomatic corps in London are welcome as guests without limit on numbers, subject to space.</li>
<li><strong>Access:</strong> the Great Room is on the first floor and is reached by a lift from the entrance hall.</li>
</ul>
<h2>The annual general meeting</h2>
<p>The annual general meeting of the Circle will be held in the same building at 5.30 pm on the same day, before the lecture. The accounts for the year and the nominations for the committee will be circulated to members by post in advance. Members unable to attend may appoint a proxy in writing.</p>
<p>Enquiries about membership should be addressed to the honorary secretary. The Circle does not publish a list of its members, and Lord’s Press will not print the names of those attending.</p>
""",
    },
    {
        "slug": "marriage-prince-konstantin-of-hohenzell-aurach-and-miss-ashby-dare",
        "headline": "Marriage: Prince Konstantin of Hohenzell-Aurach and Miss C.R. Ashby-Dare",
        "standfirst": "The marriage took place on Saturday in the parish church of St Kilian at Aurach, in Upper Franconia, followed by a reception at Schloss Aurach.",
        "category": "royalty-nobility",
        "kind": "notice",
        "author": "a-de-v",
        "days_ago": 150.0,
        "is_lead": False,
        "image": {
            "motif": "laurel",
            "alt": "Illustration of a laurel wreath tied with a ribbon bow, a small star at its centre, on a parchment ground",
            "caption": "The marriage took place in the parish church of St Kilian, where the family’s marriages have been celebrated since the seventeenth century.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>The marriage took place on Saturday, 27 June, at the parish church of St Kilian, Aurach, Upper Franconia, of Prince Konstantin of Hohenzell-Aurach, younger son of Prince and Princess Ludwig of Hohenzell-Aurach, and Miss Clementine Rose Ashby-Dare, elder daughter of Mr and Mrs Hugo Ashby-Dare, of Tisbury, Wiltshire.</p>
<p>The civil marriage, which under German law must precede a religious ceremony, took place on Thursday, 25 June, at the register office in the neighbouring market town, in the presence of the immediate families.</p>
<h2>The service</h2>
<p>The parish priest of Aurach officiated, assisted by the Rev Philip Gardiner, Vicar of Tisbury; the service, in German and English, followed the form agreed for marriages between Catholic and Anglican partners. The readings were given by Hereditary Princess Johanna of Hohenzell-Aurach, sister-in-law of the bridegroom, and by Mr Piers Ashby-Dare, brother of the bride.</p>
<p>The bride, who was given away by her father, wore a gown of ivory silk faille and a veil of Brussels lace lent by the bridegroom’s mother, with a diamond tiara which had belonged to the bride’s great-grandmother. She was attended by Princess Luise of Hohenzell-Aurach, Miss Matilda Ashby-Dare, Master Felix Carbery and Countess Ottilie von Reichenau-Thal. Hereditary Prince Maximilian of Hohenzell-Aurach, brother of the bridegroom, was best man.</p>
<p>The music, chosen by the bride and bridegroom, was sung by the parish choir with members of a chamber choir from Bamberg, and included Bach’s “Jesu, joy of man’s desiring” and, at the signing of the register, a setting of Psalm 121 by a Franconian composer of the eighteenth century, copied from a manuscript in the family archive.</p>
<h2>The reception</h2>
<p>A reception was held afterwards at Schloss Aurach, and a dinner in the evening in the orangery. The honeymoon is being spent abroad.</p>
<h2>Names and styles</h2>
<p>Under German law the couple’s married name is Prinz von Hohenzell-Aurach, which the bride will use in its feminine form, Prinzessin von Hohenzell-Aurach, as the law permits for former titles now forming part of a surname. In British usage she will be known as Princess Konstantin of Hohenzell-Aurach, following the convention by which a wife takes her husband’s forename with his style.</p>
<p>Prince Konstantin, 41, is an architect in Munich, and a director of the family foundation responsible for the upkeep of the schloss and its collections. Miss Ashby-Dare, 36, is a picture restorer who has worked in London and Dresden. The couple will live in Munich.</p>
""",
    },
    {
        "slug": "royal-letter-of-succession-marquessate-of-valdeolmos",
        "headline": "Royal Letter of Succession issued for the Marquessate of Valdeolmos",
        "standfirst": "The eldest child of the late 10th Marquess succeeds ahead of her younger brother, under the 2006 law that ended male preference in Spanish noble successions.",
        "category": "royalty-nobility",
        "kind": "news",
        "author": "a-de-v",
        "days_ago": 175.0,
        "is_lead": False,
        "image": {
            "motif": "quartered",
            "alt": "Illustration of a quartered heraldic shield with a small shield bearing a star at its centre, on a parchment ground",
            "caption": "The Valdeolmos arms are quartered, recording an eighteenth-century marriage with an heiress.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>The Spanish official gazette has published the order by which a Royal Letter of Succession is issued to Doña Inés Marroquín de Salcedo as 11th Marchioness of Valdeolmos, following the death last year of her father, the 10th Marquess. The title was created in 1698 by Charles II, the last Habsburg King of Spain.</p>
<p>Doña Inés, 52, a notary in Valladolid, is the eldest of three children. Under the terms of the original grant, which followed the customary rules of succession of the period, her younger brother, Don Álvaro, would have been preferred to her by reason of sex. He did not contest her succession.</p>
<h2>The law of 2006</h2>
<p>Law 33/2006 of 30 October, on the equality of men and women in the order of succession to titles of nobility, provides that a man and a woman of the same degree have an equal right to succeed, so that the elder child succeeds regardless of sex. The law overrides the terms of the original grants, which in most cases gave preference to males, and was the culmination of several years of litigation and debate. Among the families most directly affected, it has now been applied to successions for almost two decades, and the succession of elder daughters has become unremarkable.</p>
<h2>The procedure</h2>
<p>Spanish titles remain subject to public law, and each succession requires a formal act of the state. The claimant applies to the Ministry of Justice, submitting proofs of descent. An edict is published in the official gazette, giving any other person who considers that he or she has a better right the opportunity to come forward within the prescribed period. If no one does, and the ministry’s examination of the proofs is satisfactory, the claimant pays the tax due on the succession and the Royal Letter of Succession is issued.</p>
<p>Where a succession is disputed, it is decided by the civil courts, which determine the better genealogical right; the ministry then acts in accordance with the judgment. Disputes of this kind have sometimes taken many years to resolve and have on occasion reached the Supreme Court.</p>
<h2>The arms</h2>
<p>The Marroquín arms, which are not regulated by the state in the same way as the title, are borne quartered with those of Salcedo, recording the marriage of the 4th Marquess to the heiress of that family in 1763. Doña Inés has said that she intends to deposit the family’s papers, which include the original letters patent of 1698, with the provincial historical archive, where they will be catalogued.</p>
""",
    },
    {
        "slug": "belgium-favours-of-nobility-explained",
        "headline": "How a modern monarchy still ennobles: Belgium’s favours of nobility explained",
        "standfirst": "Belgium is one of the very few European states that still creates nobles. A note on the constitutional basis, the procedure and what a grant does and does not confer.",
        "category": "royalty-nobility",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 490.0,
        "is_lead": False,
        "image": {
            "motif": "shield",
            "alt": "Illustration of a heraldic shield with a plain border and three roundels, on a parchment ground",
            "caption": "Letters patent of nobility in Belgium are accompanied by a grant of arms.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>With the publication this summer of Belgium’s annual list of favours of nobility, readers have asked how the system works, and why a parliamentary democracy of the twenty-first century continues to confer noble status at all. The short answer is that the constitution provides for it, and that successive governments have chosen to keep the practice as a form of public recognition.</p>
<h2>The constitutional basis</h2>
<p>Article 113 of the Belgian constitution provides that the King may confer titles of nobility, but without the power to attach any privilege to them. The second clause is as important as the first: Belgian nobility confers no legal privilege, no exemption and no seat in any assembly. It is an honour, recorded in law, and transmissible according to the terms of the grant.</p>
<p>Favours of nobility are granted by royal decree, on the proposal of the Minister for Foreign Affairs, who is advised by a commission established for the purpose. The recipients are chosen for distinction in public life, the sciences, the arts, business or the service of others. In recent years the lists have typically included a handful of names.</p>
<h2>What may be granted</h2>
<p>A grant may take several forms:</p>
<ul>
<li><strong>Personal nobility</strong>, with or without a personal title, which ends with the recipient;</li>
<li><strong>Hereditary nobility</strong>, without a title, transmitted to descendants in the male line, the lowest rank being that of écuyer or jonkheer;</li>
<li><strong>A title</strong>, such as baron or count, granted personally or, more rarely, transmissible to a defined class of descendants.</li>
</ul>
<p>A person already noble may receive a title or an extension of an existing one. Recipients who are elevated are expected to be of a standing which the public would regard as merited; the lists are rarely controversial, though occasionally a recipient declines.</p>
<h2>Letters patent and arms</h2>
<p>A favour does not take effect merely by the decree. The recipient must apply for letters patent, which record the grant and include a grant of arms, and must pay the chancery fees. The design of the arms is settled with advice from the heraldic specialists of the Council of Nobility, the body which also advises on the recognition of noble status and on questions of titles and arms. Until the letters patent are issued, the favour remains incomplete.</p>
<h2>A comparison</h2>
<p>Spain continues to grant titles, though rarely; the Netherlands closed its nobility to new members by statute; and most other European states that retain a monarchy confer honours only through orders of chivalry. Belgium’s practice of creating new noble families each year, often in small numbers, is therefore close to unique. It is documented with unusual thoroughness, and its records are among the most complete in Europe.</p>
""",
    },
    {
        "slug": "tressillian-baronetcy-restored-to-official-roll",
        "headline": "Tressillian baronetcy restored to the Official Roll after sixty-one years",
        "standfirst": "A schoolteacher in New Zealand has proved his descent from the 3rd Baronet, ending a dormancy that began in 1964. The claim turned on a parish register and a ship’s manifest.",
        "category": "royalty-nobility",
        "kind": "news",
        "author": "j-r",
        "days_ago": 318.0,
        "is_lead": False,
        "image": {
            "motif": "bend",
            "alt": "Illustration of a heraldic shield crossed by a diagonal band between two narrow bands, on a parchment ground",
            "caption": "A bend cotised: the principal charges of the Tressillian arms.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>The Tressillian baronetcy, of Polwenna in the County of Cornwall, created in the Baronetage of Great Britain in 1781, has been restored to the Official Roll of the Baronetage after a dormancy of sixty-one years. Mr Richard Tressillian, 58, a secondary school teacher in Nelson, New Zealand, has been entered on the Roll as the 7th Baronet.</p>
<p>The baronetcy became dormant on the death in 1964 of Sir Lionel Tressillian, the 6th Baronet, who had no son and whose nearest male relatives were believed to have died out in the nineteenth century. They had not. Henry Tressillian, a younger son of the 3rd Baronet, emigrated to New Zealand in 1858, and his male-line descendants have farmed and taught in the north of the South Island ever since, with only a family tradition of their connection to Cornwall.</p>
<h2>Proving the claim</h2>
<p>The Official Roll of the Baronetage was established by Royal Warrant in 1910, after a period in which a number of baronetcies had been assumed by people with no right to them. The warrant provides that no person whose name is not entered on the Roll shall be received as a baronet or so described in any official document. The Roll is kept on behalf of the Crown by the Ministry of Justice, and a successor must prove his claim by documentary evidence before his name is entered.</p>
<p>Mr Tressillian’s difficulty lay in the link between the emigrant Henry and the family in Cornwall. It was supplied by two documents: the baptismal entry in the Polwenna parish register, which names Henry’s parents as “Sir William Tressillian, Baronet, and Dame Anne his wife”, and the passenger list of the ship on which he sailed from Plymouth, which gives his age and his father’s name. A researcher in Truro, working for the family, found the second in a provincial archive in New Zealand after a search of several years.</p>
<p>Claims which are contested or which raise difficult questions may be referred to the Judicial Committee of the Privy Council, which in a Scottish baronetcy case decided in 2016 considered genetic evidence of male-line descent. Mr Tressillian’s claim was not contested and was accepted without such a reference.</p>
<h2>The arms</h2>
<p>The Tressillian arms are <em>Gules, a bend cotised Argent</em>. As a baronet of Great Britain, Sir Richard may add the badge of a baronet, the red hand of Ulster, on an escutcheon or a canton.</p>
<p>Sir Richard has said that he will continue to teach and will use the title on formal occasions only. The family house at Polwenna was sold in 1965 and is now a hotel; he intends to visit it, and the parish church in which his forebears are buried, in the spring.</p>
""",
    },
    {
        "slug": "arms-granted-to-amblesford-town-council",
        "headline": "Arms granted to Amblesford Town Council, with a crest of a demi-ram",
        "standfirst": "A Wiltshire market town has received its first grant of arms, recalling its four medieval tithings, its manorial lords and the wool trade that built its church.",
        "category": "heraldry",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 203.0,
        "is_lead": False,
        "image": {
            "motif": "quartered",
            "alt": "Illustration of a quartered heraldic shield with a small shield bearing a star at its centre, on a parchment ground",
            "caption": "Quarterly, with an escutcheon over all: the arrangement of the new Amblesford arms.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>Amblesford Town Council, in Wiltshire, has been granted arms by letters patent of the Kings of Arms, following a petition to the Earl Marshal approved by the council in the autumn of 2024. The patent was presented at a meeting of the council in the town hall on Tuesday evening, and the arms will be used on the chain of office of the town mayor, on the council’s seal and on its signage.</p>
<blockquote><p><em>Arms:</em> Quarterly Azure and Or, over all on an escutcheon Gules a mullet Argent. <em>Crest:</em> On a wreath Or and Azure, issuing from a mural crown Gules a demi-ram Argent horned Or. <em>Motto:</em> Pro villa et vicinis.</p></blockquote>
<h2>The symbolism</h2>
<p>The four quarters recall the four tithings into which the medieval manor of Amblesford was divided, and whose boundaries survive in the present civil parish. Their colours, blue and gold, are those of the river and of the corn of the surrounding downland. The red escutcheon with its silver mullet is taken from the arms attributed to the family of de Ambleford, lords of the manor in the thirteenth and fourteenth centuries, whose effigies lie in the south aisle of the parish church.</p>
<p>The crest, a demi-ram issuing from a mural crown, refers to the wool trade on which the prosperity of the town was built in the fifteenth century, and which paid for the rebuilding of the church tower. The mural crown, a crown in the form of a battlemented wall, is the customary mark of civic heraldry in England. The motto, “for the town and its neighbours”, was chosen by a vote of pupils at the town’s two primary schools from a shortlist prepared by the council.</p>
<h2>Civic grants</h2>
<p>Town and parish councils in England are eligible for grants of arms in the same way as county, city and borough councils, and a number receive them each year. The procedure is that for any grant: the council passes a resolution to petition, its clerk submits a memorial to the Earl Marshal through one of the officers of arms, and the design is developed with the officer’s advice before the warrant is issued and the patent prepared. Amblesford lies in the province of Clarenceux King of Arms.</p>
<p>Civic arms belong to the corporate body, not to the town as a place or to individual councillors. They may be used by the council and with its permission; their use by others, for instance on commercial goods, requires the council’s consent.</p>
<p>The town clerk told Lord’s Press that the council had been using, for most of the last century, a device of a ram in a circle which had never been formally granted, and that the grant regularised a long-standing irregularity. The old device will be retired at the end of the council year.</p>
""",
    },
    {
        "slug": "rule-of-tincture-and-its-celebrated-exception",
        "headline": "The rule of tincture, and its celebrated exception",
        "standfirst": "Colour shall not be placed on colour, nor metal on metal. Why heraldry adopted the rule, where it does not apply, and why the arms of Jerusalem break it.",
        "category": "heraldry",
        "kind": "news",
        "author": "j-r",
        "days_ago": 436.0,
        "is_lead": False,
        "image": {
            "motif": "pale",
            "alt": "Illustration of a heraldic shield with a broad vertical band bearing three stars, on a parchment ground",
            "caption": "A pale of metal on a field of colour: the rule of tincture in its simplest form.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>Of all the conventions of heraldry, the rule of tincture is the one most often cited, most often misunderstood and most often broken by the designers of corporate emblems who believe they are making a coat of arms. It deserves a clear statement.</p>
<h2>The rule</h2>
<p>The tinctures of heraldry are divided into metals, colours and furs. The metals are two: Or, gold or yellow, and Argent, silver or white. The principal colours are five: Gules, red; Azure, blue; Vert, green; Sable, black; and Purpure, purple. The furs, chiefly ermine and vair, are patterns rather than single tinctures. The rule is that a colour should not be placed on a colour, nor a metal on a metal. A red lion on a silver field is correct; a red lion on a blue field is not.</p>
<p>The rule is usually explained as a matter of visibility. Arms were designed to be recognised at a distance, on shields, banners and surcoats, and the contrast between a light metal and a dark colour is the strongest available. Whether the early heralds reasoned in this way or simply observed what worked, the rule was established by the thirteenth century and has been followed in the great majority of arms since.</p>
<h2>Where it does not apply</h2>
<p>The rule governs the relation of a charge to the field on which it lies. It does not apply, or applies only loosely, in several situations:</p>
<ul>
<li>to furs, which may be placed on either metal or colour;</li>
<li>to charges described as <em>proper</em>, that is, in their natural colours;</li>
<li>to fields divided into a metal and a colour, on which a charge of either kind may be placed over the division;</li>
<li>to small details such as the tongues and claws of beasts, which by custom are often of a different colour;</li>
<li>to marks of cadency, such as the label, which have by tradition been exempt in many jurisdictions.</li>
</ul>
<h2>The exception</h2>
<p>The arms attributed to the Latin Kingdom of Jerusalem are <em>Argent, a cross potent between four crosslets Or</em>: gold on silver, metal on metal. They are the most famous breach of the rule, and they are almost certainly deliberate. Writers on heraldry have called such arms <em>armes à enquérir</em>, arms of enquiry, because the irregularity is meant to prompt the observer to ask why. The answer usually given is that the kingdom of the Holy City was unique and its arms should be so too.</p>
<h2>How tinctures are shown without colour</h2>
<p>In engravings and on seals, tinctures are represented by a system of hatching: dots for Or, a plain surface for Argent, vertical lines for Gules, horizontal lines for Azure, diagonal lines for Vert and Purpure, and crossed lines for Sable. The system most widely used is generally credited to the Jesuit Silvester Petra Sancta, who published it in 1638. It allows a bookplate or a seal to record a coat in full without a drop of paint.</p>
""",
    },
    {
        "slug": "lindenau-foundation-catalogues-armorial-bookplates",
        "headline": "Four thousand armorial bookplates from the Lindenau library catalogued",
        "standfirst": "A family foundation has completed a catalogue of the bookplates in a dispersed princely library, tracing three centuries of heraldic fashion and of the books’ travels.",
        "category": "heraldry",
        "kind": "news",
        "author": "a-de-v",
        "days_ago": 610.0,
        "is_lead": False,
        "image": {
            "motif": "bend",
            "alt": "Illustration of a heraldic shield crossed by a diagonal band between two narrow bands, on a parchment ground",
            "caption": "An armorial bookplate records both the owner’s arms and the taste of the engraver’s day.",
            "credit": "After an armorial bookplate of circa 1770 in the Lindenau Foundation library. Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>The foundation which holds the recovered archive of the princely line of Saxe-Lindenau has completed a catalogue of 4,112 armorial bookplates found in the books of the former Lindenau library. The catalogue, compiled over six years by two volunteers and a part-time librarian, records each plate with its owner, its approximate date, its engraver where known and the book in which it was found. It will be available to researchers from the summer.</p>
<h2>A library dispersed and reassembled</h2>
<p>The Lindenau library was removed from the house in the autumn of 1945 and dispersed. Some books were taken to public libraries in the region, some sold, some lost. Since 1990, Princess Adelheid of Saxe-Lindenau, who established the foundation, has recovered about a third of the library, either under the legislation permitting the return of movable property or by purchase, and has catalogued what survives.</p>
<p>Only about a quarter of the bookplates are those of the Lindenau family itself. The rest belonged to earlier owners of books later acquired by the family, and they trace the routes by which books travelled across Europe: from English country-house libraries sold in the nineteenth century, from the dispersed collections of secularised monasteries, and from the libraries of Saxon officials and clergy. The English plates are numerous because a prince of the family married an English heiress in 1824, whose books came with her.</p>
<h2>Three centuries of style</h2>
<p>Students of English bookplates have long classified them by style, and the Lindenau collection illustrates each of the main periods:</p>
<ul>
<li><strong>Early armorial</strong>, to about the 1740s: a shield with mantling and crest, plainly engraved, often on a heavy plate;</li>
<li><strong>Chippendale</strong>, from about 1740 to 1775: asymmetrical rococo frames of scrolls, shells and flowers around the shield;</li>
<li><strong>Wreath and ribbon</strong>, from about 1770 to 1800: a light neoclassical style, the shield hung from a ribbon and framed by garlands;</li>
<li><strong>Die-sinker</strong>, in the nineteenth century: small, precise plates, often with the shield within a garter or a circle.</li>
</ul>
<p>The German and Austrian plates follow a parallel but distinct course, with a strong revival of late-Gothic forms in the later nineteenth century, when the <em>Exlibris</em> became a subject of collecting in its own right.</p>
<h2>A note on removal</h2>
<p>The foundation has adopted a policy of leaving every bookplate in its book. Collectors in the past often removed plates to mount them in albums, destroying the evidence they provided of a book’s history. The catalogue records each plate in place, with a photograph; a volume in which a plate has been removed is noted as such, since the empty space can itself be evidence of an earlier owner.</p>
""",
    },
    {
        "slug": "honorary-consuls-the-quiet-network",
        "headline": "Honorary consuls: the quiet network behind the embassies",
        "standfirst": "Unpaid and often unnoticed, honorary consuls represent many states outside the capitals. A note on their status, their functions and the limits of their privileges.",
        "category": "diplomacy",
        "kind": "news",
        "author": "j-r",
        "days_ago": 345.0,
        "is_lead": False,
        "image": {
            "motif": "compass",
            "alt": "Illustration of a compass rose within a graduated ring, on a parchment ground",
            "caption": "Honorary consuls serve far from the capitals, in ports and provincial cities.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>Most states can afford embassies in only a fraction of the world’s capitals, and consulates in fewer still of its provincial cities. The gap is filled, to a remarkable extent, by honorary consuls: residents of the receiving State, often its own nationals, who agree to represent another country without salary, usually from their own offices. In the United Kingdom there are several hundred, from the ports of Scotland to the Channel Islands.</p>
<h2>Status</h2>
<p>The legal framework is the Vienna Convention on Consular Relations of 1963, which devotes a separate chapter to honorary consular officers. Like career consuls, they are appointed by the sending State and may act only after the receiving State has granted an exequatur, its formal authorisation. Unlike career consuls, they enjoy only limited privileges and immunities, reflecting the fact that most of them have other occupations in the receiving State.</p>
<p>The most important protections are functional. An honorary consul is immune from the jurisdiction of the local courts in respect of acts performed in the exercise of consular functions, though not for private acts. The consular archives and documents are inviolable, but only if they are kept separate from the consul’s private and business papers, a condition that is not always easy to satisfy in a solicitor’s office or a shipping agency. Honorary consular officers rank after career consular officers of the same class.</p>
<h2>Functions</h2>
<p>What an honorary consul does depends on the instructions of the sending State. Typical duties include:</p>
<ul>
<li>assisting nationals in difficulty, in hospital or under arrest, and informing the embassy;</li>
<li>helping with documents, though the power to issue passports or visas is now usually reserved to career posts;</li>
<li>promoting trade, tourism and cultural links in the consul’s region;</li>
<li>representing the sending State at local civic and ceremonial occasions.</li>
</ul>
<p>Many honorary consuls are chosen because they already have a connection with the country they represent: a family origin, a business, a long residence. Some have served for decades and know the local community of that country’s nationals better than any diplomat.</p>
<h2>Precedence and protocol</h2>
<p>At civic occasions, honorary consuls are usually placed together, in the order of their appointment, after any career consuls present. They are not members of the diplomatic corps and do not use the style of Excellency. Their flags and plates are, however, recognised, and the coat of arms of the sending State on an office door in a provincial street is often the only sign of a relationship conducted mostly out of view.</p>
<p>The Foreign, Commonwealth and Development Office publishes a list of foreign consular offices in the United Kingdom, which includes honorary posts and is the authoritative record of who holds which appointment.</p>
""",
    },
    {
        "slug": "agrement-the-quiet-first-step",
        "headline": "Agrément: the quiet first step in an ambassador’s appointment",
        "standfirst": "Before an ambassador is named, the receiving State is asked whether it will accept the nominee. The request is confidential, the answer may be silence, and no reasons need be given.",
        "category": "diplomacy",
        "kind": "news",
        "author": "a-de-v",
        "days_ago": 540.0,
        "is_lead": False,
        "image": {
            "motif": "wax-seal",
            "alt": "Illustration of a red wax seal impressed with a star, with two ribbon tails, on a parchment ground",
            "caption": "The request for agrément is conveyed confidentially, usually by diplomatic note.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>The announcement that a government has appointed a new ambassador is usually the first the public hears of the matter. It is, however, the end of a process rather than its beginning. Before the appointment is made, the receiving State has been asked, in confidence, whether it will accept the person proposed, and has said that it will. This consent is called agrément.</p>
<h2>The rule</h2>
<p>Article 4 of the Vienna Convention on Diplomatic Relations provides that the sending State must make certain that the agrément of the receiving State has been given for the person it proposes to accredit as head of mission. The same article provides that the receiving State is not obliged to give reasons for a refusal. The rule applies only to heads of mission; other members of a mission do not require prior approval, though the receiving State may require the names of military, naval and air attachés to be submitted in advance.</p>
<h2>The practice</h2>
<p>The request is usually made by the sending State’s embassy, in a confidential note or a personal call on the protocol department of the foreign ministry, accompanied by a curriculum vitae of the nominee. The receiving State considers it, sometimes consulting its own embassy in the sending State, and replies in the same way. The interval is commonly a few weeks but may be much longer.</p>
<p>The confidentiality of the process is its essential feature. If agrément is refused, neither side need say so, and the nominee can be appointed elsewhere without public embarrassment. A refusal is often expressed simply by a failure to reply, which both sides understand. Governments that announce an appointment before agrément has been given risk both a public refusal and a reputation for discourtesy.</p>
<h2>Reasons for refusal</h2>
<p>Refusals are uncommon and their reasons seldom known. Those that have become public over the years have concerned nominees who had previously criticised the receiving State in strong terms, who had been involved in a dispute with its authorities, or whose appointment was thought to signal a change in relations that the receiving State did not accept. A refusal is a considered act, and receiving States use it sparingly.</p>
<h2>After agrément</h2>
<p>Once agrément has been given, the sending State makes the appointment and may announce it. The new ambassador prepares letters of credence, signed by the head of state, and travels to post, where a copy is presented to the foreign ministry on arrival and the originals in due course to the head of the receiving State. Only then does the quiet first step become part of the public record.</p>
<p>It is a small procedure, but it preserves a principle that is easy to forget: an ambassador is a guest, and a host may decline a guest without explaining why.</p>
""",
    },
    {
        "slug": "anatomy-of-a-state-visit",
        "headline": "The anatomy of a state visit, from arrival to farewell",
        "standfirst": "A state visit follows a programme refined over more than a century. What each element is for, who arranges it and why the order rarely changes.",
        "category": "diplomacy",
        "kind": "news",
        "author": "lp-staff-writers",
        "days_ago": 62.0,
        "is_lead": False,
        "image": {
            "motif": "columns",
            "alt": "Illustration of a classical portico, columns beneath a pediment, drawn in the manner of an engraving",
            "caption": "State visits are planned many months ahead by the protocol departments of both countries.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>A state visit is the highest form of visit one head of state can pay to another, and the most formal. It differs from an official or working visit not in the importance of the business transacted, which may be slight, but in its ceremonial character: it is a public statement that the two states value their relationship, expressed in a language of carriages, banquets and wreaths that both sides understand. The United Kingdom usually receives two incoming state visits a year.</p>
<h2>Preparation</h2>
<p>An invitation is issued on the advice of the government, often a year or more in advance. The programme is then negotiated between the protocol departments of the two states and, in London, the Royal Household, with reconnaissance visits by the guest’s officials and detailed agreements on every element, from the number of the suite to the music to be played at the banquet.</p>
<h2>The programme</h2>
<p>Although every visit is different, the usual elements of an incoming state visit to the United Kingdom follow a familiar pattern:</p>
<ol>
<li><strong>The ceremonial welcome.</strong> The visiting head of state is greeted on arrival on the Sovereign’s behalf and then formally welcomed by the Sovereign in person, with a guard of honour, a royal salute and the national anthems, before a carriage procession.</li>
<li><strong>Private lunch and the exchange of gifts.</strong> The gifts, chosen with care by each side, are displayed to the guests and are regarded as gifts to the office rather than the person.</li>
<li><strong>The wreath at the Abbey.</strong> By long tradition, the visitor lays a wreath at the Grave of the Unknown Warrior in Westminster Abbey.</li>
<li><strong>The state banquet.</strong> Held on the first evening, with speeches by the host and the guest, it is the centrepiece of the visit and the occasion of most of its published photographs.</li>
<li><strong>Meetings and visits.</strong> On the following days the visitor meets the Prime Minister and other political leaders, and often visits a place of cultural or commercial significance outside London.</li>
<li><strong>The return event.</strong> The visitor customarily offers hospitality in return, at a reception or concert given at the embassy or another venue.</li>
<li><strong>The farewell.</strong> The visitor takes formal leave of the host before departure.</li>
</ol>
<h2>Why the order rarely changes</h2>
<p>The consistency of the programme is deliberate. A state visit is, among other things, a comparison: every visitor is received in the same way, and any departure from the usual pattern is read as a signal. A shortened programme, an omitted banquet or an unusual venue will be noticed by the diplomatic corps, and may be interpreted as a judgement. Protocol departments therefore prefer the familiar form, varying only the details.</p>
<p>Outgoing state visits, paid by the Sovereign abroad, follow the host country’s own customs, which differ considerably. The principle, however, is the same everywhere: the ceremonies speak for the state, and both sides take care that they say what is intended.</p>
""",
    },
    {
        "slug": "napoleon-iii-at-windsor-1855-a-clerks-diary",
        "headline": "Napoleon III at Windsor, April 1855: a clerk’s diary of the state visit",
        "standfirst": "A diary kept by a junior official of the Lord Chamberlain’s department records the week in which a Bonaparte received the Garter. It has been transcribed for the first time.",
        "category": "history",
        "kind": "news",
        "author": "a-de-v",
        "days_ago": 680.0,
        "is_lead": False,
        "image": {
            "motif": "crown",
            "alt": "Illustration of a jewelled gold crown with arches, an orb and cross, and an ermine band, on a parchment ground",
            "caption": "The visit of April 1855 took place at the height of the Crimean War.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>In April 1855, forty years after Waterloo, the Emperor Napoleon III and the Empress Eugénie paid a state visit to Queen Victoria. Britain and France were allies in the Crimean War, and the visit was intended to show that the alliance was more than a military convenience. A diary kept during the visit by Edward Hallam, then a junior clerk in the Lord Chamberlain’s department, has been transcribed by one of his descendants, who has allowed Lord’s Press to quote from it. The original remains in private hands.</p>
<h2>The arrival</h2>
<p>The imperial party landed at Dover on 16 April and travelled by train to London and on to Windsor. Hallam’s account of the preparations is chiefly a record of furniture. The state apartments at Windsor had to be arranged for guests whose suite was larger than expected, and he records with some feeling the removal of “the whole of the Rubens room to accommodate the Empress’s ladies”. He notes the arrival of the guests at the castle after dark and the lighting of the quadrangle by torches.</p>
<h2>The Garter</h2>
<p>On 18 April the Emperor was invested with the Order of the Garter at a chapter of the order held at Windsor. The investiture of a Bonaparte with the oldest order of English chivalry, within living memory of the wars with his uncle, was the most symbolic act of the visit. Hallam’s duties placed him at the back of the room, and his description is brief: “The Emperor knelt with great composure. The Garter was buckled by the Queen herself.” He adds that the assembled knights “looked at one another as men do who are present at a thing they will be asked about”.</p>
<h2>The City and the Crystal Palace</h2>
<p>The visit included an address of welcome by the Corporation of the City of London at Guildhall and a visit to the Crystal Palace, then newly re-erected at Sydenham. Hallam did not attend either, but he records the return of the carriages to Windsor and the state of the horses, and the Lord Chamberlain’s instructions that the account for the illuminations be settled without delay.</p>
<h2>The return visit</h2>
<p>In August of the same year Queen Victoria returned the visit, travelling to Paris for the Exposition Universelle. It was the first visit of an English sovereign to Paris for more than four centuries, and the Queen visited the tomb of Napoleon I at Les Invalides. Hallam was not of the party, but he copied into his diary an account of the visit from a colleague who was, concluding: “All went well, and no one was seen to weep who should not have.”</p>
<p>The diary ends in 1857, when Hallam left the Household for a post in the Paymaster General’s office. His descendant intends to offer a copy of the transcription to the Royal Archives and to a public library.</p>
""",
    },
    {
        "slug": "in-the-muniment-room-future-of-private-family-archives",
        "headline": "In the muniment room: the uncertain future of Europe’s private family archives",
        "standfirst": "Much of the documentary record of Europe’s landed families is still in private hands. Tax, cost and the division of estates are pressing on it; a survey of what is at stake and the choices owners face.",
        "category": "special-reports",
        "kind": "special_report",
        "author": "j-r",
        "days_ago": 75.0,
        "is_lead": False,
        "image": {
            "motif": "seal",
            "alt": "Illustration of a circular metal seal with a beaded rim and a small shield at its centre, on a parchment ground",
            "caption": "Seals, charters and estate papers are often the only record of rights and obligations centuries old.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "updated_days_after": 12.0,
        "body": """
<p>In the muniment rooms of country houses across Europe lie documents that no public archive holds: charters and title deeds, estate accounts, letters of ambassadors and soldiers, the household books of centuries. Many have never been catalogued. For historians they are a resource of incalculable value; for their owners, increasingly, they are a responsibility that is hard to sustain.</p>
<h2>What is at stake</h2>
<p>A family archive is rarely of interest only to the family. Estate papers record the lives of tenants, labourers and servants who appear in no other source. Letters written from courts and embassies supplement, and sometimes contradict, the official record. Title deeds may be the only evidence of rights of way, water or common. When such an archive is lost, it is the local and national record that is diminished.</p>
<p>The threats are rarely dramatic. Fires and floods still occur, but the commoner dangers are damp, neglect and the division of an estate among heirs, when a collection that has been kept together for centuries is split between several houses, or sold to meet a tax bill.</p>
<h2>Deposit, gift or sale</h2>
<p>Owners have three principal choices. A <strong>deposit</strong>, or loan, places the archive in the care of a public record office while leaving ownership with the family; the office catalogues and conserves it and makes it available to researchers, usually subject to agreed conditions. A <strong>gift</strong> transfers ownership outright. A <strong>sale</strong>, whether to a public institution or on the open market, realises the archive’s value but risks its dispersal.</p>
<p>Deposit has been the commonest choice in Britain for most of the last century, and the county record offices hold very large numbers of private collections on this basis. It is not without difficulties: record offices are under financial pressure, and some have begun to ask depositors to contribute to the cost of cataloguing, or to convert deposits into gifts.</p>
<h2>Tax and the archive</h2>
<p>In the United Kingdom, two mechanisms help. Archives of pre-eminent importance may be accepted by the state in settlement of inheritance tax under the Acceptance in Lieu scheme, administered by Arts Council England, and are then allocated to a suitable public institution. Archives of national importance may also be granted conditional exemption from inheritance tax in return for undertakings about their preservation and reasonable public access. Comparable arrangements exist in several continental states, though their terms vary widely.</p>
<p>Export controls provide a further safeguard. Older documents and archives generally require a licence to leave the United Kingdom, and an application may be referred to an expert committee which can recommend that the decision be deferred to give a British institution the opportunity to buy.</p>
<h2>Digitisation, and its limits</h2>
<p>Digitisation is often proposed as a solution. It widens access and protects originals from handling, but it does not preserve them, and a digital copy is only as durable as the system that holds it. The physical document remains the evidence: its seal, its hand, its paper and its place in an ordered archive all carry meaning that an image cannot fully reproduce.</p>
<h2>What the record requires</h2>
<p>The archivists consulted for this report were agreed on a few principles: that collections should be kept together; that a catalogue, however summary, is the first protection; that owners should register their holdings with the national register of archives, so that their existence is known; and that decisions should be taken before a crisis, not during one.</p>
<p><em>This report was updated on 23 September 2026 to add that the trustees of the Hartlebury papers, described to us during its preparation as at risk of division, have agreed to deposit the collection intact with the county record office.</em></p>
""",
    },
    {
        "slug": "orders-of-chivalry-recognition-imitation-self-styled",
        "headline": "Orders of chivalry: recognition, imitation and the self-styled",
        "standfirst": "State orders, dynastic orders, religious orders and orders that are simply invented: how to tell them apart, and why the difference matters to anyone who accepts, wears or reports an honour.",
        "category": "special-reports",
        "kind": "special_report",
        "author": "lp-staff-writers",
        "days_ago": 420.0,
        "is_lead": False,
        "image": {
            "motif": "shield",
            "alt": "Illustration of a heraldic shield with a plain border and three roundels, on a parchment ground",
            "caption": "The insignia of a genuine order and of an imitation can be hard to tell apart; the documents are not.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<p>Each year this journal receives notices of investitures into orders of chivalry, and each year a number of them cannot be printed as submitted, because the order concerned is not what it claims to be. This report sets out the distinctions we apply, in the hope that they may be useful to readers who are offered membership of an order, or who are asked to attend an investiture.</p>
<h2>State orders</h2>
<p>The simplest case is the state order: an order conferred by a state, through its head of state, under its own law. The British orders, the French Legion of Honour and the orders of merit of the European republics and monarchies are all of this kind. Their legitimacy is not in question, and their insignia may be worn according to the rules of the state concerned. Citizens of one state who receive the orders of another generally need permission from their own government to accept or wear them.</p>
<h2>Dynastic orders</h2>
<p>More complex are the dynastic orders, conferred by the heads of formerly reigning houses. Some were founded centuries ago as orders of the crown and passed, on the fall of the monarchy, into the private keeping of the dynasty. Whether the head of a non-reigning house retains the authority to confer honours, the so-called <em>fons honorum</em>, is a question on which lawyers and heraldists disagree. In practice, several such orders are long established, well documented and recognised in various ways by states and by the Church, while others rest on weaker foundations.</p>
<h2>Religious orders of chivalry</h2>
<p>A third category comprises orders connected with the Catholic Church and with other churches. The Sovereign Military Order of Malta, which maintains diplomatic relations with many states, and the Equestrian Order of the Holy Sepulchre of Jerusalem, under the protection of the Holy See, are the best known. Their status is well established, and their membership is governed by their own constitutions.</p>
<h2>The self-styled</h2>
<p>Finally there are orders which are simply invented: bodies founded in recent decades, usually claiming descent from a medieval order or the authority of a dynasty with no genuine connection to them, and conferring knighthoods on payment of a fee. Some are harmless social clubs, some raise money for good causes, and some are commercial undertakings. None has any standing as an order of chivalry. Several states regulate the wearing of non-state insignia, and Italy, among others, has legislated since 1951 against the unauthorised use of honours from bodies it does not recognise.</p>
<p>Private commissions of genealogists and heraldists have published registers distinguishing legitimate orders from imitations. They are useful, but they are not authorities, and their conclusions have sometimes been disputed.</p>
<h2>What the careful reader checks</h2>
<ul>
<li><strong>The founding document.</strong> Is there a verifiable act of foundation, and by whom?</li>
<li><strong>Continuity.</strong> Has the order existed continuously, or has it been “revived” after a long gap by people unconnected with its founders?</li>
<li><strong>The authority of the grand master.</strong> Is he or she the recognised head of a dynasty or the holder of an office with the power to confer honours?</li>
<li><strong>Public recognition.</strong> Is the order recognised by any state or church, and in what terms?</li>
<li><strong>Money.</strong> Is admission conditional on a payment described as a “passage fee” or “donation”?</li>
</ul>
<h2>Our practice</h2>
<p>Lord’s Press prints notices of investitures into state orders, into the religious orders named above and into dynastic orders whose history and status we have been able to verify. We do not print notices of investiture into self-styled orders, and we describe such bodies, when we have occasion to mention them, as self-styled.</p>
""",
    },
    {
        "slug": "court-and-social-march-2026",
        "headline": "Court and Social: engagements, a birth and a memorial service",
        "standfirst": "Announcements received in the past week, printed as submitted save for matters of style.",
        "category": "notices",
        "kind": "notice",
        "author": "lp-staff-writers",
        "days_ago": 265.0,
        "is_lead": False,
        "image": None,
        "corrections": [],
        "body": """
<h3>Engagements</h3>
<p><strong>Mr P.J. Hartigan and Miss A.L. Vesey-Blount.</strong> The engagement is announced between Patrick, younger son of Mr and Mrs Desmond Hartigan, of Kilkenny, and Arabella, daughter of Colonel and Mrs Charles Vesey-Blount, of Stow-on-the-Wold, Gloucestershire.</p>
<p><strong>Baron L. van Heeckeren-Stolk and Miss M.C. Fairleigh.</strong> The engagement is announced between Lodewijk, eldest son of Baron and Baroness Willem van Heeckeren-Stolk, of Wassenaar, the Netherlands, and Mary Catherine, elder daughter of Mr and Mrs Andrew Fairleigh, of St Andrews, Fife.</p>
<h3>Birth</h3>
<p><strong>Rowcliffe.</strong> On 1 March, at the Portland Hospital, London, to Sophie (née Hale) and Edward, a son, Hugo Anthony, a brother for Alice and Kit, and a grandson for Sir Anthony Rowcliffe, Bt.</p>
<h3>Memorial service</h3>
<p><strong>Mrs Penelope Aske.</strong> A service of thanksgiving for the life of Mrs Penelope Aske, heraldic artist, who died on 14 December aged 83, was held on Tuesday at the church of St Benet, Paul’s Wharf, London EC4. The Rev Jonathan Mercer officiated. Mr Oliver Aske, son, read the lesson, and an address was given by Mr Simon Darnley, a fellow artist with whom she worked for thirty years on letters patent and illuminated rolls. Among those present were members of her family, past and present heraldic artists and scriveners, and representatives of several livery companies whose arms she painted. A display of her work was arranged in the vestry.</p>
<h3>Retirement</h3>
<p><strong>Mr Hugh Paxton.</strong> Mr Hugh Paxton retires this month after thirty-eight years as a bookbinder and restorer at a London firm of heraldic stationers, where his work included the binding of registers for several parish churches and the repair of armorial bindings for private libraries. A reception in his honour was given by the firm’s partners on Friday.</p>
<h3>Lecture</h3>
<p><strong>Heraldry and the country house.</strong> A lecture on armorial glass in the country houses of the Welsh Marches will be given by Dr Eleanor Pryce at the Shropshire archive on Thursday, 26 March, at 7 pm. The lecture is dedicated to the memory of the 7th Earl of Wrexley, whose survey of heraldic glass in the county is the starting point for all later work.</p>
<p>Notices for these columns may be sent to the notices desk by post or email, confirmed by one of the parties or their families.</p>
""",
    },
    {
        "slug": "thanksgiving-service-for-the-8th-earl-of-wrexley-arrangements",
        "headline": "Service of thanksgiving for the 8th Earl of Wrexley: arrangements announced",
        "standfirst": "The service will be held at St George’s, Hanover Square, in February. Details of admission and of a forthcoming marriage are also announced.",
        "category": "notices",
        "kind": "notice",
        "author": "lp-staff-writers",
        "days_ago": -3.0,
        "is_lead": False,
        "image": {
            "motif": "laurel",
            "alt": "Illustration of a laurel wreath tied with a ribbon bow, a small star at its centre, on a parchment ground",
            "caption": "A service of thanksgiving for the 8th Earl of Wrexley will be held in London in February.",
            "credit": "Illustration: Lord’s Press",
        },
        "corrections": [],
        "body": """
<h3>The 8th Earl of Wrexley</h3>
<p>A service of thanksgiving for the life of Charles Edward Stannard, 8th Earl of Wrexley, who died on 16 November 2026, will be held at St George’s, Hanover Square, London W1, on Thursday, 11 February 2027, at 12 noon. The Rector of Wrexley will take part in the service, and an address will be given by the chairman of the county archive trust which Lord Wrexley led for nineteen years.</p>
<p>All who knew him are welcome. Tickets are not required, but those wishing to attend are asked to arrive by 11.40 am, as the church is expected to be full. Places will be reserved for members of the family, for the trustees and volunteers of the archive trust and for the former staff and tenants of the Wrexley estate. There will be no reception after the service.</p>
<p>The family has asked that, in place of flowers, donations be made to the county archive trust, to be used for the conservation of parish records. A book of remembrance will be available at the west door of the church, and will afterwards be deposited with the Stannard family papers.</p>
<h3>Forthcoming marriage</h3>
<p><strong>Count A. von Reichenau-Thal and Miss E.M. Carbery.</strong> The marriage will take place on Saturday, 17 April 2027, at St Multose Church, Kinsale, County Cork, between Count Alexander von Reichenau-Thal, son of Count and Countess Georg von Reichenau-Thal, of Munich, and Miss Eleanor Carbery, only daughter of Mr and Mrs Patrick Carbery. The bridegroom is a grandson of the late Princess Adelheid of Saxe-Lindenau.</p>
<h3>Elisabeth, Dowager Countess of Halsmere</h3>
<p>A service of thanksgiving for the life of Elisabeth, Dowager Countess of Halsmere, was held on Thursday at the Grosvenor Chapel, South Audley Street. The Earl of Halsmere, son, and Lady Clara Wyeth, granddaughter, read the lessons, and an address was given by the chairman of the charity for retired domestic staff of which she was patron. Members of the family and of the household at Halsmere Court attended.</p>
<h3>Arrangements for the Christmas period</h3>
<p>The notices desk will be closed from 23 December until 4 January. Notices received during that period will be published in the first week of January, save that notices of death and funeral arrangements will continue to be accepted and published as usual; these should be marked as urgent.</p>
<p>Notices for these columns may be sent to the notices desk by post or email, confirmed by one of the parties or their families. We regret that we cannot accept notices by telephone.</p>
""",
    },
]

PAGES: list[dict] = [
    {
        "slug": "our-history",
        "title": "Our History",
        "meta_description": "How Lord’s Press began in London as a newsletter of record on European nobility, diplomacy, protocol and heraldry, and the principles it has kept since.",
        "order": 1,
        "body": """
<p>Lord’s Press began in London in the winter of 2009 as a typed newsletter of eight pages, posted to some two hundred readers. Its founders were a retired archivist, a former protocol officer and a heraldic scrivener who had noticed, separately and then together, that much of what happened in their fields was recorded nowhere at all. Successions, grants of arms, presentations of credentials and the deaths of people who had quietly shaped institutions were reported, if at all, in a line or two, and then forgotten.</p>
<p>They resolved to keep a record. The first issue carried a list of grants of arms, two obituaries, a note on the precedence of ambassadors and a short history of a treaty. The formula has changed very little since.</p>
<h2>A journal of record</h2>
<p>From the beginning the founders set down three principles, which remain the journal’s editorial rules:</p>
<ul>
<li><strong>We document; we do not opine.</strong> Our writers report what happened, on what authority and according to which documents. Readers are left to draw their own conclusions.</li>
<li><strong>We cite the record.</strong> Every statement of fact should be traceable to a document, an official publication or a named and willing source. Where the record is uncertain, we say so.</li>
<li><strong>We correct openly.</strong> When we make a mistake, we correct it at the foot of the article concerned, saying what was wrong and when it was put right. We do not silently amend the record we exist to keep.</li>
</ul>
<h2>Discretion</h2>
<p>Many of our contributors write anonymously or under initials. The practice began because several of the founders were still in public service, and it has continued because it keeps attention on the record rather than the writer. Our contributors come from history, diplomacy, heraldry and public administration; their names are known to the editors, who take responsibility for what is published.</p>
<p>We do not publish gossip, speculation about private lives or photographs taken without consent. Families who send us notices can expect them to be printed as they were given, and nothing added.</p>
<h2>From newsletter to journal</h2>
<p>The newsletter moved online in 2014, and its archive of notices, obituaries and reports has grown every year since. It remains freely accessible, thanks to the support of a small number of partners and patrons who share our belief that the record should be open to all. Our offices are in St James’s, a few minutes’ walk from the institutions about which we most often write.</p>
<p>We are grateful to the readers who send us corrections, documents and questions. Many of our best articles began as letters.</p>
""",
    },
    {
        "slug": "privacy-policy",
        "title": "Privacy Policy",
        "meta_description": "How Lord’s Press collects, uses and protects personal data under the UK GDPR and the EU GDPR, and how to exercise your rights.",
        "order": 2,
        "body": """
<p><em>Last revised 25 November 2026</em></p>
<p>This policy explains what personal data Lord’s Press collects, why we collect it, how long we keep it and what rights you have. We collect as little as we can, we do not sell personal data and we do not use it for advertising.</p>
<h2>Who we are</h2>
<p>The controller of your personal data is <strong>Lord’s Press, London</strong>. You can contact us about anything in this policy at <a href="mailto:privacy@lordspress.example">privacy@lordspress.example</a>, or by post at the address shown at the foot of every page. We process personal data in accordance with the UK General Data Protection Regulation (UK GDPR) and the Data Protection Act 2018 and, for readers in the European Union and European Economic Area, the EU General Data Protection Regulation (EU GDPR).</p>
<h2>What we collect</h2>
<h3>Newsletter subscribers</h3>
<p>When you subscribe to our newsletter we collect your <strong>email address</strong> and, if you choose to give it, your <strong>name</strong>. We use them only to send you the newsletter and related notices about your subscription, and to address you correctly.</p>
<h3>Consent records</h3>
<p>When you subscribe, or when you accept or decline optional cookies, we keep a <strong>record of your consent</strong>: what you agreed to, when, and the wording you were shown. This allows us to demonstrate that we acted on your consent, as the law requires.</p>
<h3>Accounts</h3>
<p>If you hold a member or staff account, we keep the email address and the securely hashed password needed to sign you in, and any preferences you set.</p>
<h3>Server logs</h3>
<p>Like any website, our servers record technical information about each request, including your IP address, the page requested, the date and time, and your browser’s user agent. We use these logs only to keep the site secure and running, to diagnose faults and to prevent abuse.</p>
<h2>Our lawful bases</h2>
<ul>
<li><strong>Consent</strong> (Article 6(1)(a)) for the newsletter and for any optional cookies. You may withdraw consent at any time, without affecting what was done before.</li>
<li><strong>Contract</strong> (Article 6(1)(b)) for providing a member account you have asked for.</li>
<li><strong>Legal obligation</strong> (Article 6(1)(c)) and <strong>legitimate interests</strong> (Article 6(1)(f)) for keeping consent records, so that we can show that consent was given.</li>
<li><strong>Legitimate interests</strong> (Article 6(1)(f)) for server logs, our interest being the security and proper working of the site.</li>
</ul>
<h2>How long we keep it</h2>
<ul>
<li>Newsletter data: until you unsubscribe; it is then deleted within 30 days.</li>
<li>Consent records: for as long as we rely on the consent and for up to three years afterwards, in case we need to show that it was given.</li>
<li>Account data: for as long as the account is open, and deleted within 30 days of closure.</li>
<li>Server logs: for up to 30 days, unless needed for longer to investigate a specific security incident.</li>
</ul>
<h2>Who else sees it</h2>
<p>We use a small number of service providers, such as our hosting provider and the service that delivers our emails, who process data only on our instructions and under contracts that meet the requirements of data protection law. If any of them processes data outside the United Kingdom or the European Economic Area, we rely on an adequacy decision or on appropriate safeguards such as standard contractual clauses. We disclose personal data to others only where the law requires it.</p>
<h2>Your rights</h2>
<p>You have the right to ask for access to your personal data, to have it corrected, to have it erased, to restrict or object to its processing, and to receive it in a portable form. You may withdraw consent at any time: every newsletter contains an unsubscribe link, and cookie choices can be changed through the “Cookie settings” link in the footer. To exercise any right, write to <a href="mailto:privacy@lordspress.example">privacy@lordspress.example</a>. We will reply within one month.</p>
<p>If you are unhappy with how we have handled your data, please tell us first. You also have the right to complain to the Information Commissioner’s Office (<a href="https://ico.org.uk">ico.org.uk</a>) or, if you live in the European Union or European Economic Area, to the data protection authority of your country.</p>
<h2>Changes</h2>
<p>We will publish any changes to this policy on this page and update the date at the top. Significant changes will be announced in the newsletter.</p>
""",
    },
    {
        "slug": "cookie-policy",
        "title": "Cookie Policy",
        "meta_description": "Which cookies Lord’s Press uses, why, and how to give, change or withdraw your consent.",
        "order": 3,
        "body": """
<h2>Privacy &amp; Cookie Notice</h2>
<p>This website uses cookies to enhance your browsing experience and to help us understand how our content is accessed and used. Cookies are small text files stored in your browser that allow us to recognise your device upon return, retain your preferences, and gather anonymised usage statistics to improve site performance.</p>
<p>Under the UK and EU General Data Protection Regulation (GDPR) and the rules on electronic communications that accompany them, we use optional cookies only with your consent. You will be asked to accept, decline or customise your cookie preferences when you first visit our site.</p>
<h2>Strictly necessary cookies</h2>
<p>Some cookies are needed for the site to work, and do not require consent. We set them only for <strong>signed-in members and staff</strong>:</p>
<ul>
<li><strong>Session cookie</strong> (<em>sessionid</em>): keeps you signed in as you move from page to page, and expires when you sign out or after a period of inactivity.</li>
<li><strong>Security cookie</strong> (<em>csrftoken</em>): protects the forms you submit against cross-site request forgery.</li>
</ul>
<p>Readers who do not sign in receive none of these cookies. We also remember the cookie choice you make, so that we do not ask you again on every page.</p>
<h2>Optional cookies</h2>
<p>The following categories are used only if you consent to them when you first visit, or later through your cookie settings:</p>
<ul>
<li><strong>Preferences</strong>: remember choices such as display settings.</li>
<li><strong>Analytics</strong>: gather anonymised statistics about which pages are read, so that we can improve the site.</li>
<li><strong>Marketing</strong>: measure the reach of our newsletter and of our sponsors’ acknowledgements.</li>
</ul>
<p>If you decline, or make no choice, none of these cookies is set, and the site works in the same way.</p>
<h2>Changing your mind</h2>
<p>You may adjust or withdraw your consent at any time via the <strong>“Cookie settings”</strong> link in the website footer. Withdrawing consent stops optional cookies from being used from that moment; it does not affect anything done with your consent beforehand. You can also delete cookies through your browser’s settings.</p>
<p>For more information on how we handle your data, including your rights and how to contact us, please refer to our full Privacy Policy.</p>
""",
    },
]

SPONSORS: list[dict] = [
    {
        "name": "Harcourt Hallam & Co.",
        "url": "https://www.harcourt-hallam.example",
        "tier": "principal",
        "order": 1,
        "colours": ("#1f3a5f", "#c9a227"),
        "monogram": "HH",
    },
    {
        "name": "Pellow & Strand, Heraldic Engravers",
        "url": "https://www.pellowandstrand.example",
        "tier": "partner",
        "order": 2,
        "colours": ("#2f5d3a", "#c9a227"),
        "monogram": "PS",
    },
    {
        "name": "Ashcombe & Verey, Fine Art Auctioneers",
        "url": "https://www.ashcombeverey.example",
        "tier": "patron",
        "order": 3,
        "colours": ("#4b2e52", "#c9a227"),
        "monogram": "A&V",
    },
]

SOCIAL_LINKS: list[dict] = [
    {"label": "X", "url": "https://x.com/lordspress", "order": 1},
    {"label": "LinkedIn", "url": "https://www.linkedin.com/company/lordspress", "order": 2},
    {"label": "Instagram", "url": "https://www.instagram.com/lordspress", "order": 3},
]

SITE_SETTINGS: dict = {
    "postal_address": "Lord’s Press\n14 Bury Street\nSt James’s\nLondon SW1Y 6AL",
    "contact_email": "desk@lordspress.example",
}
