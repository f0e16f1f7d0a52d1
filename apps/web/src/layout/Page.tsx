import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The frame of a list page: a title row with actions, then the content on a card. */
export function Page({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <div>{extra}</div>
      </div>
      <Card variant="borderless" className="page-card">
        {children}
      </Card>
    </div>
  );
}
