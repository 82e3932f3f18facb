import { useSearchParams } from 'react-router-dom';
import { CenterScopedScreen } from '../shared/Screen';
import { AcceptancePanel } from './AcceptancePanel';

export const acceptanceRoles = ['window_staff', 'center_manager', 'admin'] as const;

/** 办件受理 on its own page (/window/accept), for an applicant without a ticket; `?itemId=` preselects the item. */
export function AcceptancePage() {
  const [params] = useSearchParams();
  return (
    <CenterScopedScreen title="办件受理" roles={acceptanceRoles} description="选择事项、核验申请人、逐项核对材料，然后受理、一次性告知或不予受理">
      {(center) => <AcceptancePanel key={center.id} centerId={center.id} initialItemId={params.get('itemId') ?? undefined} />}
    </CenterScopedScreen>
  );
}
