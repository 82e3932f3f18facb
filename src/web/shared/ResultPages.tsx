import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';

// Apart from StatusPages: Result's illustrations are heavy, and only staff screens and unknown addresses need them.

/** Shown in place of a screen the person's roles do not reach. */
export function ForbiddenPage() {
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="您的账号没有访问此页面的权限。如需开通，请联系系统管理员。"
      extra={
        <Link to="/me">
          <Button type="primary">返回我的工作台</Button>
        </Link>
      }
    />
  );
}

export function NotFoundPage() {
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在或已被移除。"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}
