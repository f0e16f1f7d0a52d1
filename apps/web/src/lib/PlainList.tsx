/**
 * A plain list of rows, in place of antd's `List` (deprecated in antd 6 and logging a console warning on every
 * render). It keeps the small part of List's API the console used — dataSource/renderItem, loading, an empty
 * text, a row with actions on the right and a title/description block — so pages read the same.
 */
import { Empty, Spin, Typography, theme } from 'antd';
import { createContext, Fragment, useContext, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

type Size = 'small' | 'default';
const SizeContext = createContext<Size>('default');

export interface PlainListProps<T> {
  dataSource: readonly T[];
  renderItem: (item: T, index: number) => ReactNode;
  loading?: boolean;
  /** Shown when dataSource is empty (default: antd's simple Empty). */
  emptyText?: ReactNode;
  size?: Size;
}

export function PlainList<T>({ dataSource, renderItem, loading = false, emptyText, size = 'default' }: PlainListProps<T>) {
  return (
    <SizeContext.Provider value={size}>
      <Spin spinning={loading}>
        {dataSource.length === 0 ? (
          (emptyText ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />)
        ) : (
          <ul role="list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {/* Rows have no identity of their own here (as with antd's List): the index is the key. */}
            {dataSource.map((item, i) => <Fragment key={i}>{renderItem(item, i)}</Fragment>)}
          </ul>
        )}
      </Spin>
    </SizeContext.Provider>
  );
}

export interface PlainListItemProps {
  children?: ReactNode;
  /** Buttons shown at the row's end. */
  actions?: ReactNode[];
  onClick?: () => void;
  style?: CSSProperties;
  'data-testid'?: string;
}

function PlainListItem({ children, actions, onClick, style, 'data-testid': testId }: PlainListItemProps) {
  const size = useContext(SizeContext);
  const { token } = theme.useToken();
  // A clickable row is reachable and usable from the keyboard too.
  const clickable = onClick
    ? {
        role: 'button',
        tabIndex: 0,
        onClick,
        onKeyDown: (e: KeyboardEvent) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onClick();
          }
        },
      }
    : {};
  return (
    <li
      data-testid={testId}
      {...clickable}
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: token.marginSM,
        padding: size === 'small' ? `${token.paddingXS}px 0` : `${token.paddingSM}px 0`,
        borderBottom: `1px solid ${token.colorSplit}`,
        ...style,
      }}
    >
      {children}
      {actions && actions.length > 0 && <span style={{ display: 'flex', gap: token.marginXS, flexShrink: 0 }}>{actions}</span>}
    </li>
  );
}

function PlainListMeta({ title, description }: { title: ReactNode; description?: ReactNode }) {
  return (
    <div style={{ flex: 1, minWidth: 0 }}>
      <div><Typography.Text strong>{title}</Typography.Text></div>
      {description !== undefined && <Typography.Text type="secondary">{description}</Typography.Text>}
    </div>
  );
}

PlainList.Item = PlainListItem;
PlainList.Meta = PlainListMeta;
