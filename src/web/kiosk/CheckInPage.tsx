import { Alert, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { appointmentError, deviceRequest } from '../appointments/appointments';
import { useAsync } from '../shared/useAsync';
import { CheckInPanel } from './CheckInPanel';

const tokenKey = 'onedoor.checkin.device';

/**
 * /kiosk/check-in: the check-in panel on its own, for a kiosk pointed at it (`?device=<token>` once, then
 * remembered) until the kiosk page embeds the panel.
 */
export function CheckInPage() {
  const [params, setParams] = useSearchParams();
  const [token] = useState(() => {
    const given = params.get('device');
    if (given) localStorage.setItem(tokenKey, given);
    return given ?? localStorage.getItem(tokenKey);
  });
  useEffect(() => {
    if (params.get('device')) setParams({}, { replace: true });
  }, [params, setParams]);
  const me = useAsync(
    () => (token ? deviceRequest<{ device: { name: string }; center: { id: string; name: string } }>(token, 'GET', '/api/v1/devices/me') : Promise.resolve(undefined)),
    [token],
  );
  useEffect(() => {
    document.title = '预约签到 - 一门通办';
  }, []);

  if (!token) return <Alert type="warning" showIcon title="本设备尚未登记：请用设备链接（含 device 参数）打开此页。" style={{ margin: 24 }} />;
  if (me.error) return <Alert type="error" showIcon title={`设备令牌无效：${appointmentError(me.error)}`} style={{ margin: 24 }} />;
  if (!me.data) return <Skeleton active style={{ padding: 24 }} />;
  return (
    <div style={{ minHeight: '100vh', background: '#f0f5ff' }}>
      <Typography.Title level={2} style={{ textAlign: 'center', margin: 0, padding: '16px 0 0' }}>
        {me.data.center.name}
      </Typography.Title>
      <CheckInPanel deviceToken={token} centerId={me.data.center.id} />
    </div>
  );
}
