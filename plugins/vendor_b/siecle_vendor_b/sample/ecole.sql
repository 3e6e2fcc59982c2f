-- Sample school of the vendor_b adapter: Collège Sainte-Thérèse (fictional), year 2024-2025.
-- Written for schema version 2 (see SCRIPT_VERSION in __init__.py); run by build() on a fresh
-- database, inside one transaction. Eight pupils: two siblings sharing their mother's address,
-- a pupil born abroad with a contact living in Spain, a pupil without INE and with one legal
-- representative, a repeating pupil, a leaver, a pupil with a person in charge (educator).

INSERT INTO school (id, uai, school_year, software) VALUES (1, '0311234Y', '2024', 'vendor_b');

INSERT INTO mef (code, formation, long_label, edition_label, status, compulsory_options,
                 minimum_options, opening_date, closing_date) VALUES
    ('10010012110', '6EME', '6EME', '6ème', '1', 1, 1, '1995-09-01', '9999-12-31'),
    ('10110001110', '5G', '5EME', '5ème', '1', 2, 2, '1992-09-01', '9999-12-31'),
    ('10210001110', '4G', '4EME', '4ème', '1', 2, 2, '1992-09-01', '9999-12-31'),
    ('10310019110', '3EME', '3EME', '3ème', '1', 2, 2, '2002-09-01', '9999-12-31');

INSERT INTO subject (code, management_code, short_label, long_label) VALUES
    ('030201', 'AGL1', 'ANGLAIS LV1', 'ANGLAIS LV1'),
    ('030602', 'ESP2', 'ESPAGNOL LV2', 'ESPAGNOL LV2'),
    ('020300', 'LCALA', 'LCA LATIN', 'LANGUES ET CULTURES DE L''ANTIQUITE LATIN');

INSERT INTO class (id, kind, code, label, contract_code) VALUES
    (1, 'division', '6A', '6ème A', '3'),
    (2, 'division', '5B', '5ème B', '3'),
    (3, 'division', '4A', '4ème A', '3'),
    (4, 'division', '3A', '3ème A', '3'),
    (5, 'groupe', 'LATIN', 'Latin 5e-3e', '3');
INSERT INTO class_mef (class_id, position, mef_code) VALUES
    (1, 1, '10010012110'), (2, 1, '10110001110'), (3, 1, '10210001110'),
    (4, 1, '10310019110'), (5, 1, '10110001110'), (5, 2, '10310019110');
INSERT INTO group_division (group_id, division_id, position) VALUES (5, 2, 1), (5, 4, 2);

INSERT INTO address (id, line1, line2, postal_code, postal_label, foreign_town, country_code)
VALUES
    (1, '12 rue des Lilas', NULL, '31000', 'TOULOUSE', NULL, '100'),
    (2, '5 avenue Jean-Jaurès', 'Bâtiment C', '31400', 'TOULOUSE', NULL, '100'),
    (3, '8 impasse des Écoles', NULL, '31200', 'TOULOUSE', NULL, '100'),
    (4, 'Calle Mayor 14', '3º izquierda', NULL, NULL, 'MADRID', '134'),
    (5, '27 chemin de la Côte Pavée', NULL, '31500', 'TOULOUSE', NULL, '100'),
    (6, '3 place du Capitole', NULL, '31000', 'TOULOUSE', NULL, '100'),
    (7, '41 allée Charles-de-Fitte', NULL, '31300', 'TOULOUSE', NULL, '100'),
    (8, '9 rue Gustave-Eiffel', NULL, '31100', 'TOULOUSE', NULL, '100');

INSERT INTO person (id, id_prv_per, civility_code, family_name, usual_name, first_name,
                    address_id, share_address, profession_code, phone_home, phone_mobile,
                    accepts_sms, email, dependent_children) VALUES
    (1, '1', '2', 'DURAND', NULL, 'Hélène', 1, 1, '33', '0561000001', '0611000001', 1,
        'helene.durand@example.org', 2),
    (2, '2', '1', 'DURAND', NULL, 'François', 2, 1, '46', NULL, '0611000002', 0, NULL, 2),
    (3, '3', '2', 'MARTINEZ', 'ROUX', 'Inès', 3, 1, '54', NULL, '0611000003', 1,
        'ines.roux@example.org', 1),
    (4, '4', '1', 'MARTINEZ', NULL, 'José', 3, 1, '62', NULL, '0611000004', 1, NULL, 1),
    (5, '5', '2', 'PÉREZ', NULL, 'Dolores', 4, NULL, '99', NULL, '+34600000005', NULL, NULL,
        NULL),
    (6, '6', '2', 'LEFÈVRE', NULL, 'Anaïs', 5, 1, '37', NULL, '0611000006', 1,
        'anais.lefevre@example.org', 1),
    (7, '7', '1', 'LEBŒUF', NULL, 'Gaël', 6, 1, '23', '0561000007', '0611000007', 1, NULL, 2),
    (8, '8', '2', 'LEBŒUF', NULL, 'Maëlle', 6, 1, '48', NULL, '0611000008', 1, NULL, 2),
    (9, '9', '1', 'GARÇON', NULL, 'Noël', NULL, NULL, '99', NULL, '0611000009', 0, NULL, NULL),
    (10, '10', '2', 'N''DIAYE', NULL, 'Fatou', 7, 1, '52', NULL, '0611000010', 1, NULL, 1),
    (11, '11', '2', 'MOREAU', NULL, 'Cécile', 8, 1, '38', NULL, '0611000011', 1,
        'cecile.moreau@example.org', 1);

INSERT INTO pupil (id, id_prv_ele, ine, family_name, first_name, first_name2, nationality_code,
                   birth_date, sex_code, birth_country_code, birth_insee_code, birth_town,
                   entry_date, address_id, school_transport, regime_code, repeating,
                   leaving_reason_code, leaving_date, links_listed) VALUES
    (1, '1', '123456701EK', 'DURAND', 'Léa', 'Margaux', '100', '2011-03-14', '2', '100',
        '31555', NULL, '2022-09-01', 1, 0, '2', 0, NULL, NULL, 1),
    (2, '2', '123456702EJ', 'DURAND', 'Théo', NULL, '100', '2013-09-02', '1', '100',
        '31555', NULL, '2024-09-02', 1, 0, '2', 0, NULL, NULL, 1),
    (3, '3', '123456703EH', 'MARTINEZ', 'Zoé', NULL, '134', '2010-06-30', '2', '134',
        NULL, 'SÉVILLE', '2023-09-04', 3, 1, '2', 0, NULL, NULL, 1),
    (4, '4', NULL, 'LEFÈVRE', 'Jérôme', NULL, '100', '2012-11-05', '1', '100',
        '31069', NULL, '2024-09-02', 5, 0, '0', 0, NULL, NULL, 1),
    (5, '5', '123456704EG', 'LEBŒUF', 'Chloé', NULL, '100', '2010-01-22', '2', '100',
        '31555', NULL, '2021-09-02', 6, 1, '2', 1, NULL, NULL, 1),
    (6, '6', '123456705EF', 'LEBŒUF', 'Aurélien', NULL, '100', '2012-04-18', '1', '100',
        '31555', NULL, '2023-09-04', 6, 0, '2', 0, '13', '2024-12-20', 1),
    (7, '7', '123456706EE', 'N''DIAYE', 'Aïssatou', NULL, '100', '2011-08-09', '2', '100',
        '31555', NULL, '2022-09-01', 7, 0, '3', 0, NULL, NULL, 1),
    (8, '8', '123456707ED', 'MOREAU', 'Éloïse', 'Anne', '100', '2013-02-27', '2', '100',
        '31555', NULL, '2024-09-02', 8, 0, '2', 0, NULL, NULL, 1);

INSERT INTO pupil_person (pupil_id, person_id, role, position, relationship_code, pays_fees,
                          hosts_pupil, receives_aid, contact_first) VALUES
    (1, 1, 'LEGAL', 1, '10', 1, 1, 1, 1),
    (1, 2, 'LEGAL', 2, '20', 0, 0, 0, 0),
    (2, 1, 'LEGAL', 1, '10', 1, 1, 1, 1),
    (2, 2, 'LEGAL', 2, '20', 0, 0, 0, 0),
    (3, 3, 'LEGAL', 1, '10', 1, 1, 1, 1),
    (3, 4, 'LEGAL', 2, '20', 0, 1, 0, 0),
    (3, 5, 'CONTACT', 1, '38', NULL, NULL, NULL, NULL),
    (4, 6, 'LEGAL', 1, '10', 1, 1, 1, 1),
    (5, 7, 'LEGAL', 1, '20', 1, 1, 1, 0),
    (5, 8, 'LEGAL', 2, '10', 0, 1, 0, 1),
    (6, 7, 'LEGAL', 1, '20', 1, 1, 1, 0),
    (6, 8, 'LEGAL', 2, '10', 0, 1, 0, 1),
    (7, 10, 'LEGAL', 1, '10', 1, 0, 1, 1),
    (7, 9, 'PERSONNE_EN_CHARGE', 1, '41', 0, 1, NULL, 0),
    (8, 11, 'LEGAL', 1, '10', 1, 1, 1, 1);

INSERT INTO enrolment (pupil_id, mef_code, class_id, status_code, start_date) VALUES
    (1, '10210001110', 3, 'ST', '2024-09-02'),
    (2, '10010012110', 1, 'ST', '2024-09-02'),
    (3, '10310019110', 4, 'ST', '2024-09-02'),
    (4, '10110001110', 2, 'ST', '2024-09-02'),
    (5, '10310019110', 4, 'ST', '2024-09-02'),
    (7, '10210001110', 3, 'ST', '2024-09-02'),
    (8, '10010012110', 1, 'ST', '2024-09-02');
INSERT INTO enrolment (pupil_id, mef_code, class_id, status_code, start_date, end_date,
                       training_stopped) VALUES
    (6, '10110001110', 2, 'ST', '2024-09-02', '2024-12-20', 1);

INSERT INTO pupil_option (pupil_id, year, rank, subject_code, election_mode) VALUES
    (1, 'current', 1, '030201', 'O'), (1, 'current', 2, '030602', 'O'),
    (2, 'current', 1, '030201', 'O'),
    (3, 'current', 1, '030201', 'O'), (3, 'current', 2, '030602', 'O'),
    (3, 'current', 3, '020300', 'F'),
    (4, 'current', 1, '030201', 'O'), (4, 'current', 2, '030602', 'O'),
    (5, 'current', 1, '030201', 'O'), (5, 'current', 2, '030602', 'O'),
    (6, 'current', 1, '030201', 'O'), (6, 'current', 2, '030602', 'O'),
    (7, 'current', 1, '030201', 'O'), (7, 'current', 2, '030602', 'O'),
    (8, 'current', 1, '030201', 'O'),
    (1, 'previous', 1, 'AGL1', NULL), (1, 'previous', 2, 'ESP2', NULL),
    (3, 'previous', 1, 'AGL1', NULL), (3, 'previous', 2, 'ESP2', NULL),
    (5, 'previous', 1, 'AGL1', NULL), (5, 'previous', 2, 'ESP2', NULL);

INSERT INTO "grant" (pupil_id, position, grant_code, shares) VALUES
    (3, 1, '8', 2),
    (7, 1, '8', 3);

INSERT INTO previous_school (pupil_id, uai, department_code, provenance_code, mef_code,
                             division_code, status_code) VALUES
    (1, '0311234Y', NULL, '2', '10110001110', '5B', 'ST'),
    (2, NULL, '031', '8', NULL, NULL, NULL),
    (3, '0311234Y', NULL, '2', '10210001110', '4A', 'ST'),
    (4, '0755002E', NULL, '3', '10010012110', '6C', 'ST'),
    (5, '0311234Y', NULL, '2', '10310019110', '3A', 'ST'),
    (6, '0311234Y', NULL, '2', '10010012110', '6A', 'ST'),
    (7, '0311234Y', NULL, '2', '10110001110', '5B', 'ST'),
    (8, NULL, '031', '8', NULL, NULL, NULL);
