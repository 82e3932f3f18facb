import { RobotOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { PublicPage } from '../catalog/PublicParts';
import { api, errorMessage } from '../shared/api';

/** What the server's 智能客服 answers: only from the catalogue, with where it came from. */
interface Answer {
  kind: 'answer' | 'unsure';
  text: string;
  citations: { itemId: string; title: string; url: string; section: string }[];
  actions: { kind: string; label: string; url: string }[];
}

type Message = { from: 'person'; text: string } | { from: 'assistant'; answer: Answer };

const examples = ['开饭店要带什么材料', '办身份证要多少钱', '孩子上户口需要多久', '结婚登记可以网上办吗'];

const welcome: Answer = {
  kind: 'answer',
  text: '您好，我是一门通办智能客服。请问您想办什么事？我会根据办事指南回答，并告诉您答案出自哪里。',
  citations: [],
  actions: [],
};

function AssistantBubble({ answer }: { answer: Answer }) {
  return (
    <Card size="small" style={{ maxWidth: '92%', background: answer.kind === 'unsure' ? '#fffbe6' : '#fff' }} data-testid="assistant-answer" data-kind={answer.kind}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: answer.citations.length || answer.actions.length ? 8 : 0, fontSize: 16 }}>{answer.text}</Typography.Paragraph>
      {answer.citations.map((c) => (
        <Typography.Paragraph key={c.url + c.section} type="secondary" style={{ marginBottom: 8 }} data-testid="assistant-citation">
          出处：<Link to={c.url}>{c.title}</Link> · {c.section}
        </Typography.Paragraph>
      ))}
      {answer.actions.length > 0 && (
        <Flex wrap gap={8}>
          {answer.actions.map((a) => (
            <Link key={a.url} to={a.url}>
              <Button size="large">{a.label}</Button>
            </Link>
          ))}
        </Flex>
      )}
    </Card>
  );
}

/**
 * 智能客服: a chat on the portal (and terminals) that answers from the catalogue, guides and 百问百答 (never made up:
 * "我不确定" with a way to a person when nothing matches), and leads on to a booking or a pre-check.
 */
export function AssistantPage() {
  const [params] = useSearchParams();
  return (
    <PublicPage title="智能客服">
      <AssistantChat centerId={params.get('centerId') ?? undefined} />
    </PublicPage>
  );
}

/** The conversation itself: on the portal's page, and on a terminal's screen (answers about its center). */
export function AssistantChat({ centerId }: { centerId?: string }) {
  const [messages, setMessages] = useState<Message[]>([{ from: 'assistant', answer: welcome }]);
  const [question, setQuestion] = useState('');
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<string>();
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [messages]);

  async function ask(text: string) {
    const asked = text.trim();
    if (!asked || asking) return;
    setMessages((m) => [...m, { from: 'person', text: asked }]);
    setQuestion('');
    setAsking(true);
    setFailure(undefined);
    try {
      const answer = await api.post<Answer>('/api/v1/assistant/ask', { question: asked, ...(centerId && { centerId }) });
      setMessages((m) => [...m, { from: 'assistant', answer }]);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setAsking(false);
    }
  }

  return (
    <>
      <Space orientation="vertical" size={12} style={{ width: '100%' }} role="log" aria-live="polite" aria-label="对话">
        {messages.map((m, i) =>
          m.from === 'person' ? (
            <Flex key={i} justify="flex-end">
              <Tag color="blue" style={{ fontSize: 16, padding: '6px 12px', whiteSpace: 'normal', marginInlineEnd: 0 }} data-testid="person-question">
                {m.text}
              </Tag>
            </Flex>
          ) : (
            <Flex key={i} gap={8} align="start">
              <RobotOutlined style={{ fontSize: 24, color: '#0958d9', marginTop: 8 }} aria-hidden />
              <AssistantBubble answer={m.answer} />
            </Flex>
          ),
        )}
        {asking && <Typography.Text type="secondary">正在查找办事指南…</Typography.Text>}
        {failure && <Alert type="error" showIcon title={failure} />}
        <div ref={end} />
      </Space>
      {messages.length === 1 && (
        <Flex wrap gap={8} style={{ margin: '12px 0' }}>
          {examples.map((e) => (
            <Button key={e} onClick={() => void ask(e)}>
              {e}
            </Button>
          ))}
        </Flex>
      )}
      <Space.Compact style={{ width: '100%', marginTop: 12 }}>
        <Input
          size="large"
          aria-label="您的问题"
          placeholder="输入您的问题，例如：开饭店要带什么材料"
          value={question}
          maxLength={200}
          onChange={(e) => setQuestion(e.target.value)}
          onPressEnter={() => void ask(question)}
        />
        <Button size="large" type="primary" icon={<SendOutlined />} loading={asking} onClick={() => void ask(question)}>
          发送
        </Button>
      </Space.Compact>
    </>
  );
}
