import { Spin } from 'antd';

export function PageLoading() {
  return (
    <div style={{ height: '100%', minHeight: 240, display: 'grid', placeItems: 'center' }}>
      <Spin size="large" />
    </div>
  );
}
