#!/usr/bin/env python3
"""One-off conversion of the seed indicator tables into passport files (see ../SOURCES.md).

The passports under src/main/resources/indicators/ are the shipped reference content and are edited as files from
now on; this script records how they were first made and is NOT run at build or start. Re-running it overwrites the
three generated files (the hand-written tomsk-cubes.yaml and catalog.yaml are not touched).

    python3 indicators/tools/csv_to_passports.py /work/shared/data/indicators indicators/src/main/resources/indicators

What it decides, row by row:
- duplicate rows (column duplicate_of) are not passports of their own: their project joins the projects of the
  passport they repeat, so an indicator counts once per sector and once in every project it is listed under;
- units are normalised to a Russian and an English spelling; value types to percent, count, score, ratio, flag;
- a year column with a value is a target of that year; target_undated is a constant target (every year);
- 'Lower is better' in a note, and 'reduction' units measured as a reduction factor, set the direction;
- flags and notes are kept verbatim (they say where the source is doubtful).
"""
import csv
import re
import sys
from pathlib import Path

import yaml

UNITS = {
    '%': ('%', 'percent', 'percent'),
    '% (проценты)': ('%', 'percent', 'percent'),
    '% (процентов)': ('%', 'percent', 'percent'),
    '% of 2018 refusals (процентов)': ('% к 2018 году', 'percent of 2018', 'percent'),
    # Thousands of persons are printed with decimals (287,66): an amount, not a whole count.
    'тыс.чел.': ('тыс. чел.', 'thousand persons', 'amount'),
    'ед.': ('ед.', 'units', 'count'),
    'шт.': ('шт.', 'pieces', 'count'),
    'units (шт.)': ('шт.', 'pieces', 'count'),
    'балл.': ('балл', 'points', 'score'),
    'усл.ед.': ('усл. ед.', 'conventional units', 'count'),
    'раз': ('раз', 'times', 'ratio'),
    'times vs 2019': ('раз к 2019 году', 'times vs 2019', 'ratio'),
    'times (reduction)': ('раз', 'times', 'ratio'),
    'count': ('ед.', 'units', 'count'),
    'persons': ('чел.', 'persons', 'count'),
    'count/year': ('ед. в год', 'units per year', 'count'),
    'count/day': ('ед. в день', 'units per day', 'count'),
}

SECTOR_OF_PREFIX = {'TO-GS': 'URB', 'TO-CZ-GS': 'URB', 'TO-TR': 'TRN', 'TO-CZ-TR': 'TRN', 'TO-EDU': 'EDU',
                    'TO-CZ-EDU': 'EDU', 'TO-GU': 'GOV', 'TO-CZ-GU': 'GOV', 'TO-CZ-HC': 'HLT'}


def number(text):
    text = (text or '').strip()
    if not text:
        return None
    value = float(text)
    return int(value) if value == int(value) else value


def unit_of(raw):
    ru, en, value_type = UNITS[raw.strip()]
    return {'ru': ru, 'en': en}, value_type


def value_range(value_type, unit_ru, flags):
    if 'flag (' in flags:
        return 'flag', {'min': 0, 'max': 1}
    if value_type == 'percent' and unit_ru == '%':
        return 'percent', {'min': 0, 'max': 100}
    if value_type == 'score':
        return 'score', {'min': 0, 'max': 5}
    return value_type, {'min': 0}


def strategy(rows):
    passports, projects, sectors = {}, {}, {}
    by_code = {r['code']: r for r in rows}
    for r in rows:
        project = 'SK-CT-%s-%02d' % (r['sector'], int(r['project_no']))
        projects[project] = {'code': project, 'name': {'ru': r['project_ru']}, 'sector': r['sector']}
        sectors[r['sector']] = {'code': r['sector'], 'name': {'ru': r['sector_ru'], 'en': r['sector_en']}}
        if r['duplicate_of']:
            master = passports[r['duplicate_of']]
            master['projects'].append(project)
            master.setdefault('also_listed_as', []).append(r['code'])
            continue
        unit, value_type = unit_of(r['unit'])
        value_type, bounds = value_range(value_type, unit['ru'], r['value_type'])
        passport = {
            'code': r['code'],
            'name': {'ru': r['name_ru'], 'en': r['name_en']},
            'unit': unit,
            'value_type': value_type,
            'range': bounds,
            'periodicity': 'year',
            'direction': 'higher',
            'method': {'kind': 'manual'},
            'source': {'ru': 'Ведомственная отчётность ответственного органа'},
            'responsible': {'ru': r['responsible_body_ru']},
            'sector': r['sector'],
            'programme': 'SK-CT-2022',
            'projects': [project],
            'targets': {y: number(r['target_' + str(y)]) for y in (2022, 2023, 2024)},
            'legal_basis': {'ru': 'Стратегия в области цифровой трансформации отраслей экономики, социальной сферы и '
                                  'государственного управления Ставропольского края (2022–2024), раздел 7'},
            'origin': {'file': 'stavropol-strategy-2022-2024.csv', 'lines': r['source_lines'],
                       'value_type': r['value_type']},
        }
        if r['flags']:
            passport['flags'] = r['flags']
        passports[r['code']] = passport
    assert all(by_code[d]['duplicate_of'] == '' for d in (r['duplicate_of'] for r in rows if r['duplicate_of']))
    return {
        'programmes': [{
            'code': 'SK-CT-2022', 'kind': 'strategy',
            'name': {'ru': 'Стратегия цифровой трансформации Ставропольского края на 2022–2024 годы',
                     'en': 'Stavropol Krai digital-transformation strategy 2022–2024'},
            'projects': sorted(projects.values(), key=lambda p: p['code'])}],
        'sectors': sorted(sectors.values(), key=lambda s: s['code']),
        'indicators': list(passports.values()),
    }


PROGRAMMES_OF_KIND = {
    'programme_indicator': 'SK-RP-CGU', 'project_indicator': 'SK-RP-CGU', 'national_goal': 'RF-NG-DT',
    'federal_project_indicator': 'RF-FP-GDL', 'maturity_aggregate': 'TO-CZ', 'maturity_sector': 'TO-CZ',
    'maturity_indicator': 'TO-CZ', 'import_substitution': 'TO-IMP', 'fact': 'TO-FIG'}


def figures(rows):
    regional, tomsk = [], []
    for r in rows:
        unit, value_type = unit_of(r['unit'])
        value_type, bounds = value_range(value_type, unit['ru'], '')
        note = r['note']
        lower = 'Lower is better' in note
        targets = {}
        for year in ('2019', '2020', '2021', '2022', '2023', '2024', '2030'):
            if number(r[year]) is not None:
                targets[int(year)] = number(r[year])
        if r['code'] == 'SK-5':
            targets = {y: '*' for y in range(2019, 2025)}  # printed '*': set after the federal project is approved
        programme = PROGRAMMES_OF_KIND[r['kind']]
        passport = {
            'code': r['code'],
            'name': {'ru': r['name_ru'], 'en': r['name_en']},
            'unit': unit,
            'value_type': value_type,
            'range': bounds,
            'periodicity': 'year',
            'direction': 'lower' if lower else 'higher',
            'method': {'kind': 'manual'},
            'programme': programme,
            'projects': [project_of(r, programme)],
            'kind': r['kind'],
        }
        formula = re.search(r'Method: (N=[^;.]*(?:\.\d+)?[^;.]*)', note)
        if formula:
            passport['method']['formula'] = formula.group(1).strip()
        sector = next((s for p, s in sorted(SECTOR_OF_PREFIX.items(), key=lambda i: -len(i[0]))
                       if r['code'].startswith(p + '-') or r['code'] == p), None)
        if sector:
            passport['sector'] = sector
        if targets:
            passport['targets'] = targets
        if r['target_undated']:
            passport['target'] = number(r['target_undated'])
        if r['code'] == 'RF-NAT-4':
            passport['targets'] = {2030: 'в 4 раза к 2019'}
            passport['unit'] = {'ru': 'руб.', 'en': 'RUB'}
            passport['value_type'] = 'amount'
            passport['range'] = {'min': 0}
        if r['code'] == 'TO-GU-7':
            del passport['target']
            passport['target'] = 'не менее 3'
        if r['baseline_date'] and number(r['baseline_value']) is not None:
            passport['baseline'] = {'year': int(r['baseline_date']), 'value': number(r['baseline_value'])}
        if r['actual_value']:
            passport['reported'] = {'value': number(r['actual_value']), 'as_of': r['actual_date']}
        if r['code'].startswith('RF-NAT'):
            passport['legal_basis'] = {'ru': 'Указ Президента РФ от 21.07.2020 № 474 «О национальных целях развития '
                                             'Российской Федерации на период до 2030 года»'}
        passport['origin'] = {'file': 'stavropol-project-and-tomsk-figures.csv', 'lines': r['lines'],
                              'source': r['source']}
        if note:
            passport['note'] = note
        (regional if r['code'].startswith('SK-') else tomsk).append(passport)
    return regional, tomsk


def project_of(r, programme):
    if programme == 'TO-CZ':
        for prefix in ('TO-GS', 'TO-TR', 'TO-EDU', 'TO-GU'):
            if r['code'].startswith(prefix + '-'):
                return 'TO-CZ-' + prefix[3:]
        return 'TO-CZ-ALL'
    return programme


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def write(path, header, content):
    text = yaml.dump(content, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(header + text, encoding='utf-8')


def main(source, target):
    source, target = Path(source), Path(target)
    with open(source / 'stavropol-strategy-2022-2024.csv', encoding='utf-8') as f:
        strat = strategy(list(csv.DictReader(f)))
    with open(source / 'stavropol-project-and-tomsk-figures.csv', encoding='utf-8') as f:
        regional, tomsk = figures(list(csv.DictReader(f)))
    note = '# Generated once by indicators/tools/csv_to_passports.py from %s (see indicators/SOURCES.md); edit as a file.\n'
    write(target / 'stavropol-strategy-2022-2024.yaml', note % 'stavropol-strategy-2022-2024.csv', strat)
    write(target / 'stavropol-regional-project.yaml', note % 'stavropol-project-and-tomsk-figures.csv', {
        'programmes': [{'code': 'SK-RP-CGU', 'kind': 'regional_project',
                        'name': {'ru': 'Региональный проект «Цифровое государственное управление» (Ставропольский край)',
                                 'en': 'Regional project "Digital public administration" (Stavropol Krai)'},
                        'national_project': {'ru': 'Национальная программа «Цифровая экономика Российской Федерации»',
                                             'en': 'National programme "Digital economy of the Russian Federation"'},
                        'projects': [{'code': 'SK-RP-CGU', 'name': {'ru': 'Цифровое государственное управление'}}]}],
        'indicators': regional})
    write(target / 'tomsk-digital-transformation.yaml', note % 'stavropol-project-and-tomsk-figures.csv', {
        'programmes': [
            {'code': 'RF-NG-DT', 'kind': 'national_goal',
             'name': {'ru': 'Национальная цель «Цифровая трансформация»', 'en': 'National goal "Digital transformation"'},
             'projects': [{'code': 'RF-NG-DT', 'name': {'ru': 'Национальная цель «Цифровая трансформация»'}}]},
            {'code': 'RF-FP-GDL', 'kind': 'federal_project',
             'name': {'ru': 'Федеральный проект «Государство для людей»', 'en': 'Federal project "State for people"'},
             'projects': [{'code': 'RF-FP-GDL', 'name': {'ru': 'Государство для людей'}}]},
            {'code': 'TO-CZ', 'kind': 'strategy',
             'name': {'ru': 'Цифровая зрелость Томской области', 'en': 'Digital maturity of Tomsk Oblast'},
             'projects': [{'code': 'TO-CZ-ALL', 'name': {'ru': 'Цифровая зрелость: итог и отрасли'}},
                          {'code': 'TO-CZ-GS', 'name': {'ru': 'Городская среда'}},
                          {'code': 'TO-CZ-TR', 'name': {'ru': 'Транспорт и логистика'}},
                          {'code': 'TO-CZ-EDU', 'name': {'ru': 'Образование'}},
                          {'code': 'TO-CZ-GU', 'name': {'ru': 'Государственное управление'}}]},
            {'code': 'TO-IMP', 'kind': 'strategy',
             'name': {'ru': 'Импортозамещение программного обеспечения, Томская область',
                      'en': 'Software import substitution, Tomsk Oblast'},
             'projects': [{'code': 'TO-IMP', 'name': {'ru': 'Импортозамещение ПО'}}]},
            {'code': 'TO-FIG', 'kind': 'reference',
             'name': {'ru': 'Справочные показатели цифровой трансформации Томской области',
                      'en': 'Reference figures of digital transformation, Tomsk Oblast'},
             'projects': [{'code': 'TO-FIG', 'name': {'ru': 'Справочные показатели'}}]}],
        'indicators': tomsk})


if __name__ == '__main__':
    main(*sys.argv[1:3])
