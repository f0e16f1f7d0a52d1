import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client.ts';
import { i18n, storeLanguage, storedLanguage, type Language } from './index.ts';

interface LanguageContextValue {
  language: Language;
  setLanguage: (lang: Language) => void;
}

const LanguageContext = createContext<LanguageContextValue>({ language: 'zh-CN', setLanguage: () => undefined });

export function useLanguage(): LanguageContextValue {
  return useContext(LanguageContext);
}

function apply(lang: Language): void {
  setApiLanguage(lang);
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** One switch for the three places a language lives: i18next, antd's locale and the API's Accept-Language. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [language, setLang] = useState<Language>(() => {
    const lang = storedLanguage();
    apply(lang);
    return lang;
  });

  useEffect(() => {
    document.title = i18n.t('common.appName');
  }, [language]);

  const setLanguage = useCallback((lang: Language) => {
    storeLanguage(lang);
    apply(lang);
    setLang(lang);
  }, []);

  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);

  return (
    <LanguageContext.Provider value={value}>
      <ConfigProvider
        locale={language === 'en' ? enUS : zhCN}
        theme={{
          algorithm: theme.defaultAlgorithm,
          token: {
            colorPrimary: '#1f4e9c',
            borderRadius: 4,
            // Chinese UI fonts first on each platform (Windows/macOS/Kylin/Debian), then the usual stack.
            fontFamily:
              "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
          },
          components: { Layout: { headerBg: '#12356b', siderBg: '#0f2a54' }, Menu: { darkItemBg: '#0f2a54', darkSubMenuItemBg: '#0b2246' } },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LanguageContext.Provider>
  );
}
