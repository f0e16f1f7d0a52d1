import type { quizZhCN } from './quiz.zh-CN.ts';

/** English strings of the quiz pages. */
export const quizEn: typeof quizZhCN = {
  quiz: {
    title: 'Civil defence question bank',
    intro: 'The public app\'s exercises and tests draw from here. Nationwide questions are read-only; your office can add, edit and retire its own.',
    create: 'Add question', edit: 'Edit', save: 'Save', cancel: 'Cancel', created: 'Question added', saved: 'Saved',
    category: 'Category', kind: 'Kind', stem: 'Question', options: 'Options', option: 'Option {{key}}', answer: 'Right answer', explanation: 'Explanation', active: 'Active',
    scope: 'Source', nationwide: 'Nationwide', own: 'Our office', single: 'Single choice', multiple: 'Multiple choice', on: 'Active', off: 'Retired',
    stemRequired: 'Enter the question', optionRequired: 'Enter the option text', answerRequired: 'Choose the right answer',
    loadFailed: 'Could not load the question bank: {{message}}',
    orgs: 'Schools and communities', orgsIntro: 'A person taking a test picks the district, then the school or community from this list; results count per listed organisation (one not listed can be typed). Retired ones are no longer offered; their results stay.',
    orgRegion: 'District or town', orgKind: 'Kind', orgName: 'Name', orgAdd: 'Add to the list', orgAdded: 'Added to the list', orgNameRequired: 'Enter the name', orgRegionRequired: 'Choose the region',
    importOpen: 'Import from a file', importTitle: 'Import the school and community list', importHint: 'Upload an XLSX or CSV file (columns: region code, kind, name, active). Every row is checked first and every problem listed, nothing written; then the file is imported whole: new organisations join the list, listed ones are retired or restored by the active column. Importing the same file again changes nothing.',
    importPick: 'Choose a file', importExport: 'Export the list (XLSX)', importBadFormat: 'Only .xlsx or .csv files', importPreviewing: 'Checking…',
    importSummary: '{{records}} valid rows: {{created}} new, {{updated}} active flag changed, {{unchanged}} unchanged', importErrors: '{{count}} problem(s): fix them to import',
    importApply: 'Import', importApplied: 'Imported: {{created}} new, {{updated}} changed, {{unchanged}} unchanged',
    school: 'School', community: 'Community', retire: 'Retire', restore: 'Restore',
    results: 'Quiz results by school and community', resultsEmpty: 'No test results yet', averageScore: 'Average score', passRate: 'Pass rate', tests: 'Tests taken',
  },
};
