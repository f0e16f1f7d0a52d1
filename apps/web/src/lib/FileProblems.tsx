/**
 * The problems a file import's preview found, one row each: where (sheet, row, column — as the server names it) and
 * the rule broken, in the page's language. Every preview → import drawer shows them the same way.
 */
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';

export interface FileProblem {
  at: string;
  zh: string;
  en: string;
}

export function FileProblems({ problems, testId }: { problems: readonly FileProblem[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  return (
    <Table
      style={{ marginTop: 12 }}
      size="small"
      rowKey={(e) => `${e.at}|${e.en}`}
      dataSource={problems}
      pagination={{ pageSize: 10, showSizeChanger: false }}
      data-testid={testId}
      columns={[
        { title: t('common.problemAt'), dataIndex: 'at', width: 160 },
        { title: t('common.problemRule'), render: (_, e) => (zh ? e.zh : e.en) },
      ]}
    />
  );
}
